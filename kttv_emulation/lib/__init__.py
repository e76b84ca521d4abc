"""Framework-free logic of kttv_emulation.

Nothing in this package imports Odoo: the top-level ``tests/`` run it
without a database, and the models call it after one batched read.
"""
