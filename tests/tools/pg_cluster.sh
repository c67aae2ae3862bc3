# SPDX-License-Identifier: Apache-2.0
# pg_cluster.sh: a throwaway PostgreSQL cluster for the suites that need a
# real server (sourced, not run).  After `pg_cluster_start`:
#   PGHOST      the cluster's folder, where its Unix socket is
#   PGPORT      a port that was free (the server also listens on localhost)
#   PGUSER      postgres, a superuser that the socket lets in without password
#   PGDATABASE  postgres
#   pg_sql SQL  runs SQL through psql (stops at the first error)
# A trap stops the server and removes the folder on exit, failure or
# interrupt; a suite that sets its own EXIT trap calls pg_cluster_stop in it.
#
# PostgreSQL refuses to run as root: as root (CI on a fresh Debian), the
# server runs as the unprivileged user voxport-test, created when absent
# (or nobody when useradd is missing), and owns the folder.  TCP on
# localhost asks for a password (scram-sha-256), so the wrong-password case
# is testable; the socket trusts, so tests need no password file.

pg_bin=
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && pg_bin=$d
done
pg_dir=

pg_cluster_stop() {
	[ -n "$pg_dir" ] || return 0
	if [ -f "$pg_dir/data/postmaster.pid" ]; then
		pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop \
			>/dev/null 2>&1
	fi
	rm -rf "$pg_dir"
	pg_dir=
}

# Run a server program as the cluster's owner.
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$pg_user" -- "$@"
	else
		"$@"
	fi
}

pg_free_port() {
	/usr/bin/python3 -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

pg_cluster_start() {
	if [ -z "$pg_bin" ]; then
		echo "pg_cluster.sh: no initdb in /usr/lib/postgresql/*/bin" \
			"(scripts/deps.sh installs postgresql)" >&2
		return 1
	fi
	pg_user=$(id -un)
	if [ "$(id -u)" -eq 0 ]; then
		pg_user=voxport-test
		if ! id "$pg_user" >/dev/null 2>&1; then
			useradd --system --no-create-home --shell /usr/sbin/nologin \
				"$pg_user" 2>/dev/null || pg_user=nobody
		fi
	fi
	pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/voxport-pg.XXXXXX") || return 1
	trap 'pg_cluster_stop' EXIT
	trap 'pg_cluster_stop; exit 130' INT TERM
	[ "$(id -u)" -eq 0 ] && chown "$pg_user" "$pg_dir"
	chmod 755 "$pg_dir"
	PGPORT=$(pg_free_port) || return 1
	if ! pg_as "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -N -E UTF8 \
		--locale=C --auth-local=trust --auth-host=scram-sha-256 \
		>"$pg_dir/initdb.log" 2>&1; then
		cat "$pg_dir/initdb.log" >&2
		return 1
	fi
	if ! pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" \
		-w -t 30 -o "-k $pg_dir -p $PGPORT -c listen_addresses=localhost \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off" start \
		>/dev/null 2>&1; then
		cat "$pg_dir/server.log" >&2
		return 1
	fi
	PGHOST=$pg_dir
	PGUSER=postgres
	PGDATABASE=postgres
	export PGHOST PGPORT PGUSER PGDATABASE
	unset PGPASSWORD PGSERVICE PGPASSFILE PGOPTIONS
}

pg_sql() {
	"$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -c "$1"
}
