"""Write path: documents in, page-anchored, objective-tagged sections out."""
