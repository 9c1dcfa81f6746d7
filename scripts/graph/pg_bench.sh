#!/usr/bin/env bash
# PostgreSQL 15 side by side with jianwei's graph layer (issue #5 acceptance).
#
#   scripts/graph/pg_bench.sh [ENTERPRISES=1000000] [SAMPLE=200]
#
# Generates one synthetic graph (graph_scale build: snapshot + CSV), starts a private
# PostgreSQL 15 cluster on 127.0.0.1 under /tmp, COPYs the same CSV, indexes both edge
# ends, and runs for SAMPLE random enterprises:
#   related2   2-hop related parties (all kinds but uses_contact/loan, both directions)
#   ancestors  shareholder ancestors with path products (WITH RECURSIVE, cycle-safe)
#   ownership  integrated ownership by PL/pgSQL iteration v = e_t + W v to 1e-15
# Results must be identical (sets equal; shares within 1e-9); prints p50 per query and
# the ratio. PostgreSQL is timed inside the server (clock_timestamp), which favours it.
# Needs: a build with bench/graph (BUILD=build by default); apt-get installs postgresql
# if pg_ctl is missing. Runs PostgreSQL as the `postgres` user when started as root.
set -euo pipefail
N=${1:-1000000}
SAMPLE=${2:-200}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SCALE=${SCALE:-$BUILD/bench/graph/graph_scale}
PORT=${PORT:-54329}
PGBIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PGBIN/pg_ctl" ]; then
  apt-get install -y postgresql-15 >/dev/null
fi
[ -x "$SCALE" ] || { echo "build graph_scale first (ninja -C $BUILD graph_scale)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/jw-pgbench.XXXXXX)
chmod 755 "$WORK"
RUN=()
if [ "$(id -u)" -eq 0 ]; then RUN=(runuser -u postgres --); chown postgres "$WORK"; fi
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -X)
cleanup() {
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

echo "== generating $N enterprises in $WORK" >&2
mkdir -p "$WORK/csv" "$WORK/jw"
"$SCALE" build --enterprises "$N" --snapshot "$WORK/g.jwg" --csv "$WORK/csv" > "$WORK/build.json"
chmod -R a+r "$WORK/csv"
cat "$WORK/build.json" >&2

echo "== starting PostgreSQL 15 on 127.0.0.1:$PORT" >&2
"${RUN[@]}" "$PGBIN/initdb" -D "$WORK/pgdata" -U postgres --auth=trust >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" -w start -o \
  "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c work_mem=256MB \
   -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=8GB" >/dev/null

/usr/bin/python3 - "$N" "$SAMPLE" > "$WORK/keys.txt" <<'PY'
import random, sys
n, k = int(sys.argv[1]), int(sys.argv[2])
random.seed(5)
for i in random.sample(range(n), k):
    print(f"E{i}")
PY

echo "== COPY and index" >&2
START=$(date +%s.%N)
"${PSQL[@]}" <<SQL
CREATE UNLOGGED TABLE nodes (id text PRIMARY KEY, kind text, name text, capital double precision);
CREATE UNLOGGED TABLE edges (src text, dst text, kind text, role text, ratio double precision,
  amount double precision, balance double precision, "from" date, "to" date, loan text);
\copy nodes FROM '$WORK/csv/nodes.csv' WITH (FORMAT csv, HEADER true)
\copy edges FROM '$WORK/csv/edges.csv' WITH (FORMAT csv, HEADER true)
CREATE INDEX edges_src ON edges (src, kind);
CREATE INDEX edges_dst ON edges (dst, kind);
ANALYZE;
CREATE TABLE keys (k text);
\copy keys FROM '$WORK/keys.txt'
SQL
echo "load+index seconds: $(echo "$(date +%s.%N) - $START" | bc)" >&2

"${PSQL[@]}" <<'SQL'
CREATE TABLE pg_related (centre text, node text);
CREATE TABLE pg_ancestors (target text, ancestor text);
CREATE TABLE pg_ownership (target text, holder text, share double precision);
CREATE TABLE pg_timing (query text, key text, microseconds double precision);

CREATE FUNCTION ownership(t text) RETURNS TABLE (holder text, share double precision)
LANGUAGE plpgsql AS $$
DECLARE
  delta double precision := 1;
  iter int := 0;
BEGIN
  DROP TABLE IF EXISTS anc, w, v, v2;
  CREATE TEMP TABLE anc AS
    WITH RECURSIVE a(node) AS (
      SELECT t UNION SELECT e.src FROM a JOIN edges e ON e.dst = a.node AND e.kind = 'shareholding')
    SELECT node FROM a;
  CREATE TEMP TABLE w AS
    SELECT e.src, e.dst, sum(e.ratio) AS ratio FROM edges e JOIN anc ON e.dst = anc.node
    WHERE e.kind = 'shareholding' GROUP BY e.src, e.dst;
  CREATE TEMP TABLE v AS SELECT node, CASE WHEN node = t THEN 1.0::double precision ELSE 0 END AS val FROM anc;
  WHILE delta > 1e-15 AND iter < 10000 LOOP
    CREATE TEMP TABLE v2 AS
      SELECT anc.node, (CASE WHEN anc.node = t THEN 1.0 ELSE 0 END)
             + coalesce((SELECT sum(w.ratio * v.val) FROM w JOIN v ON v.node = w.dst WHERE w.src = anc.node), 0) AS val
      FROM anc;
    SELECT coalesce(max(abs(v2.val - v.val)), 0) INTO delta FROM v2 JOIN v USING (node);
    DROP TABLE v;
    ALTER TABLE v2 RENAME TO v;
    iter := iter + 1;
  END LOOP;
  RETURN QUERY SELECT v.node, v.val FROM v WHERE v.node <> t AND v.val > 1e-15;
END $$;

CREATE FUNCTION run_all() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k text;
  t0 timestamptz;
BEGIN
  FOR k IN SELECT keys.k FROM keys LOOP
    t0 := clock_timestamp();
    INSERT INTO pg_related
      WITH h1 AS (
        SELECT dst AS n FROM edges WHERE src = k AND kind NOT IN ('uses_contact', 'loan')
        UNION SELECT src FROM edges WHERE dst = k AND kind NOT IN ('uses_contact', 'loan')),
      h2 AS (
        SELECT e.dst AS n FROM h1 JOIN edges e ON e.src = h1.n AND e.kind NOT IN ('uses_contact', 'loan')
        UNION SELECT e.src FROM h1 JOIN edges e ON e.dst = h1.n AND e.kind NOT IN ('uses_contact', 'loan'))
      SELECT k, n FROM (SELECT n FROM h1 UNION SELECT n FROM h2) x WHERE n <> k;
    INSERT INTO pg_timing VALUES ('related2', k, extract(epoch FROM clock_timestamp() - t0) * 1e6);

    t0 := clock_timestamp();
    INSERT INTO pg_ancestors
      WITH RECURSIVE anc(node, product, path) AS (
        SELECT e.src, e.ratio, ARRAY[k, e.src] FROM edges e WHERE e.dst = k AND e.kind = 'shareholding'
        UNION ALL
        SELECT e.src, a.product * e.ratio, a.path || e.src
        FROM anc a JOIN edges e ON e.dst = a.node AND e.kind = 'shareholding'
        WHERE NOT e.src = ANY (a.path))
      SELECT DISTINCT k, node FROM anc WHERE node <> k;
    INSERT INTO pg_timing VALUES ('ancestors', k, extract(epoch FROM clock_timestamp() - t0) * 1e6);

    t0 := clock_timestamp();
    INSERT INTO pg_ownership SELECT k, o.holder, o.share FROM ownership(k) o;
    INSERT INTO pg_timing VALUES ('ownership', k, extract(epoch FROM clock_timestamp() - t0) * 1e6);
  END LOOP;
END $$;
SQL
echo "== running $SAMPLE queries of each kind in PostgreSQL" >&2
"${PSQL[@]}" -c "SELECT run_all();" >/dev/null
for t in pg_related pg_ancestors pg_ownership pg_timing; do
  "${PSQL[@]}" -c "\\copy $t TO '$WORK/jw/$t.csv' WITH (FORMAT csv, HEADER true)"
done
echo "== running the same queries in jianwei" >&2
"$SCALE" pg --snapshot "$WORK/g.jwg" --keys "$WORK/keys.txt" --out "$WORK/jw" --repeat 5 >&2

/usr/bin/python3 - "$WORK/jw" <<'PY'
import csv, statistics, sys
d = sys.argv[1]
def rows(f): return list(csv.DictReader(open(f"{d}/{f}")))
def pairs(f, a, b): return {(r[a], r[b]) for r in rows(f)}
ok = True
same = pairs("pg_related.csv", "centre", "node") == pairs("jw_related.csv", "centre", "node")
print(f"related2 results identical: {same} ({len(pairs('jw_related.csv','centre','node'))} rows)")
ok &= same
same = pairs("pg_ancestors.csv", "target", "ancestor") == pairs("jw_ancestors.csv", "target", "ancestor")
print(f"ancestors results identical: {same} ({len(pairs('jw_ancestors.csv','target','ancestor'))} rows)")
ok &= same
pg = {(r["target"], r["holder"]): float(r["share"]) for r in rows("pg_ownership.csv")}
jw = {(r["target"], r["holder"]): float(r["share"]) for r in rows("jw_ownership.csv")}
worst = max((abs(pg.get(k, 0) - jw.get(k, 0)) for k in set(pg) | set(jw)), default=0)
print(f"ownership: {len(jw)} (target, holder) shares, max |diff| {worst:.3g}: {'identical' if worst <= 1e-9 else 'DIFFERENT'}")
ok &= worst <= 1e-9
t = {}
for f, who in (("pg_timing.csv", "pg"), ("jw_timing.csv", "jw")):
    for r in rows(f):
        t.setdefault((r["query"], who), []).append(float(r["microseconds"]))
print(f"{'query':<10} {'PostgreSQL p50 us':>18} {'jianwei p50 us':>15} {'ratio':>8}")
for q in ("related2", "ancestors", "ownership"):
    a, b = statistics.median(t[(q, "pg")]), statistics.median(t[(q, "jw")])
    print(f"{q:<10} {a:>18.1f} {b:>15.2f} {a / b:>8.0f}x")
sys.exit(0 if ok else 1)
PY
