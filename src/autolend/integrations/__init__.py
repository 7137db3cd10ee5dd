"""Ports to the outside world (a ``Protocol`` each) and their deterministic simulators.

The simulators are the default in the demo and the tests; a setting picks a real adapter.
"""
