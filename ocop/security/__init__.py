"""Security regression suite (issue 15): every finding of the attack on the running demo,
replayed through HTTP with the test client and expected to fail.

No app and no models: only tests/. Files are named after the finding's owner area,
test_access_*.py (roles, scope, holidays, departments) and test_harden_*.py (throttles,
imports, media, admin input, TOTP, caching)."""
