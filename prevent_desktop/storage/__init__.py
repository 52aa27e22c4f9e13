"""The vault: key slots, the SQLCipher connection, schema and migrations, repositories, audit chain."""
