"""REST API of the network app, by sub-domain. Views are thin: parse, call, render."""
