"""Development tooling, kept out of the runtime modules' way: the demonstration partnership
(`demo/`, loaded by `manage.py load_demo`), synthetic partnerships at any scale
(`synthetic.py`, `manage.py generate_data`) and the benchmark (`bench.py`, `manage.py bench`)."""
