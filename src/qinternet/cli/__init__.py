"""The ``qinternet`` command line: a thin shell over the library (parsing, printing, plots)."""
