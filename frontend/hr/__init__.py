"""The HR console: the pages where HR admins run the rewards programme.

Every view is wrapped in `guard.hr_console`: signed-out people go to sign in, and
anyone signed in who is not an HR admin gets 403 (the console's existence is no
secret; what it shows is). Each section is a module here, listed in `sections.py`.
"""
