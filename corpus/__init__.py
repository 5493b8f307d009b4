"""The store and the data model: what an Article and a Fact are, how they are kept and queried."""
