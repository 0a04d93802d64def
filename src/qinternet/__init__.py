"""qinternet: a simulator of the quantum internet.

Quantum states and noise, linear optics, heralded links, repeaters and networks,
checked against published experiments. See ``README.md`` and ``docs/DESIGN.md``.
"""

__version__ = "0.1.0"
