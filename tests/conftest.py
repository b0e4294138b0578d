pytest_plugins = [
    "tests.fixtures.personas",
    "tests.fixtures.services",
    "tests.fixtures.processes",
]
