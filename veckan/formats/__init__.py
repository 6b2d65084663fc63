"""Date formats of our own on top of Django's (FORMAT_MODULE_PATH): Swedish writes month
abbreviations in lower case ("4 okt 2027"), English capitalises them ("4 Oct 2027")."""
