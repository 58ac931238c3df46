#!/usr/bin/env bash
# Writes pgbouncer.ini and the user list from the environment, then runs PgBouncer in the foreground.
set -euo pipefail
conf=/tmp/pgbouncer
mkdir -p "$conf"
printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" > "$conf/userlist.txt"
cat > "$conf/pgbouncer.ini" <<INI
[databases]
* = host=${DB_HOST} port=${DB_PORT:-5432} timezone=UTC

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
unix_socket_dir =
; A server connection serves one transaction at a time, then returns to the pool: Django must
; not keep server-side cursors or session state (DATABASE_POOLER=pgbouncer).
pool_mode = transaction
auth_type = scram-sha-256
auth_file = $conf/userlist.txt
max_client_conn = ${MAX_CLIENT_CONN:-1000}
default_pool_size = ${DEFAULT_POOL_SIZE:-20}
reserve_pool_size = 5
server_reset_query =
ignore_startup_parameters = extra_float_digits
INI
exec pgbouncer "$conf/pgbouncer.ini"
