"""The respondent's pages: server-rendered shells, static client modules and translations."""
