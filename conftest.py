# The shared test fixtures (the cast, fast password hashing, the browser) for every test directory.
pytest_plugins = ["gongkai.fixtures"]
