#!/usr/bin/env bash
# The local demo of the release flow, with no AWS account and no Docker daemon: starts the real
# Distribution registry and the AWS simulator on loopback, builds two small OCI images from files,
# then runs the release flow of Jenkinsfile.example three times: release 1.0 succeeds; release 1.1 names
# a tag that was never pushed and stops at the pre-flight, before anything changes; release 1.2 is an
# image that fails its health checks, which only ECS can judge: it is rolled back and the log says why.
#
#   ./demo.sh                          with the quayside CLI (Java 17+)
#   ./demo.sh --jenkins [--keep]       as builds of Jenkinsfile.example in a real Jenkins with the plugin (Java 21+)
#   ./demo.sh --jenkins FILE [--keep]  your own Jenkinsfile in that Jenkins, against the same local world
#
# Everything it starts is stopped by PID on exit (with --keep, Jenkins stays up until Ctrl-C).
# Exit 0 only if every step ended as expected.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

mode=cli
jenkinsfile=
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --jenkins) mode=jenkins
               if [ -n "${2:-}" ] && [ "${2#--}" = "$2" ]; then jenkinsfile=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift; fi ;;
    --keep) keep=true ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see ./demo.sh --help)" ;;
  esac
  shift
done
[ -z "$jenkinsfile" ] || [ -f "$jenkinsfile" ] || die "no such Jenkinsfile: $jenkinsfile"

# --- what the demo needs -------------------------------------------------------------------------
missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v skopeo >/dev/null || missing+=(skopeo)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "please install: sudo apt-get install ${missing[*]}"
  fi
fi

if [ ! -f cli/target/quayside.jar ] || [ ! -f testing/target/quayside-simulator.jar ]; then
  say "Building the CLI and the simulator (./mvnw package, tests skipped)"
  . bin/jenkins-mirror.sh   # the reactor reads the plugin's pom too, whose parent is Jenkins'
  ./mvnw -q -B -DskipTests -pl cli,testing -am package
fi

work=$(mktemp -d /tmp/quayside-demo.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port found"
}

# --- the registry (what ECR is to a pipeline) --------------------------------------------------------
say "Starting the Distribution registry on loopback"
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s' "$password" > "$work/registry-password"
htpasswd -Bbn AWS "$password" > "$work/htpasswd"
registry_port=$(free_port)
cat > "$work/registry.yml" <<YAML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry-data}}
http: {addr: 127.0.0.1:$registry_port, secret: $(head -c 16 /dev/urandom | base64)}
auth: {htpasswd: {realm: quayside-demo, path: $work/htpasswd}}
YAML
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$registry_port/v2/" || true)
  [ "$code" = 401 ] && break
  sleep 0.1
done
[ "$code" = 401 ] || die "the registry did not start: $(tail -5 "$work/registry.log")"
echo "registry: http://127.0.0.1:$registry_port (user AWS)"

# --- the AWS simulator: ECR, ECS (a cluster "prod" with service "myapp" already running), Logs ------------
say "Starting the AWS simulator (ECS time runs 20x faster than real time)"
java -jar testing/target/quayside-simulator.jar --port 0 --registry "http://127.0.0.1:$registry_port" \
  --registry-password-file "$work/registry-password" --time-factor 20 --region ap-southeast-1 --service prod/myapp \
  > "$work/simulator.out" 2> "$work/simulator.log" &
pids+=($!)
for _ in $(seq 1 100); do
  endpoint=$(head -1 "$work/simulator.out" 2>/dev/null || true)
  [ -n "$endpoint" ] && break
  sleep 0.1
done
[ -n "$endpoint" ] || die "the simulator did not start: $(tail -5 "$work/simulator.log")"
echo "AWS endpoint: $endpoint"

# --- build small images as files (what a daemonless build writes) -----------------------------------------
build_image() { # DIR TAG TEXT [LABELS]: an OCI layout with one layer holding /app/hello.txt
  local dir=$1 tag=$2 text=$3 labels=${4:-} rootfs="$work/rootfs-$2"
  mkdir -p "$rootfs/app" "$dir/blobs/sha256"
  echo "$text" > "$rootfs/app/hello.txt"
  tar --sort=name --mtime='2024-01-01 00:00Z' --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$work/layer-$tag.tar" app
  local diff_id layer layer_size config config_size manifest manifest_size
  diff_id=$(sha256sum "$work/layer-$tag.tar" | cut -d' ' -f1)
  gzip -n -c "$work/layer-$tag.tar" > "$work/layer-$tag.tar.gz"
  put_blob() { local d; d=$(sha256sum "$1" | cut -d' ' -f1); cp "$1" "$dir/blobs/sha256/$d"; echo "$d"; }
  layer=$(put_blob "$work/layer-$tag.tar.gz"); layer_size=$(stat -c %s "$work/layer-$tag.tar.gz")
  printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["cat","/app/hello.txt"]%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "${labels:+,\"Labels\":$labels}" "$diff_id" > "$work/config-$tag.json"
  config=$(put_blob "$work/config-$tag.json"); config_size=$(stat -c %s "$work/config-$tag.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config" "$config_size" "$layer" "$layer_size" > "$work/manifest-$tag.json"
  manifest=$(put_blob "$work/manifest-$tag.json"); manifest_size=$(stat -c %s "$work/manifest-$tag.json")
  echo '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest" "$manifest_size" "$tag" > "$dir/index.json"
  echo "sha256:$manifest"
}
say "Building images 1.0, 1.1 and 1.2 as OCI layouts (1.2 is labelled for the simulator to fail its health checks)"
digest_10=$(build_image "$work/image-1.0" 1.0 "hello from release 1.0")
digest_11=$(build_image "$work/image-1.1" 1.1 "hello from release 1.1")
digest_12=$(build_image "$work/image-1.2" 1.2 "hello from release 1.2" '{"dev.quayside.simulator.scenario":"FAILING_HEALTH_CHECK"}')
echo "1.0: $digest_10"
echo "1.1: $digest_11"
echo "1.2: $digest_12"

registry="127.0.0.1:$registry_port"
if [ "$mode" = jenkins ]; then
  . bin/demo-jenkins.sh
  exit 0
fi

# --- the release flow of Jenkinsfile.example ---------------------------------------------------------------
export AWS_ACCESS_KEY_ID=AKIDDEMO AWS_SECRET_ACCESS_KEY=demo-secret AWS_REGION=ap-southeast-1
quayside() { "$root/bin/quayside" "$@"; }

say "ecr-login: a private DOCKER_CONFIG for tools that need a docker login"
docker_config=$(quayside ecr-login --endpoint-url "$endpoint" --dir "$work/docker-config")
ls -ld "$docker_config" | awk '{print $1, $NF}'

say "Release 1.0: push 1.0 and latest, register the task definition with it, deploy to prod/myapp and watch"
set +e
quayside release "oci:$work/image-1.0:1.0" myapp --tag 1.0 --tag latest --create-repository \
  --lifecycle-policy docs/examples/ecr-lifecycle-policy.json --task-definition docs/examples/task-definition.json \
  --create-log-groups --cluster prod --service myapp --timeout 10m --endpoint-url "$endpoint" --json > "$work/release-1.0.json"
code_10=$?
set -e
cat "$work/release-1.0.json"
[ "$code_10" = 0 ] || die "release 1.0 should have succeeded (exit $code_10)"
grep -q '"verdict" : "SUCCEEDED"' "$work/release-1.0.json" || die "release 1.0 did not report SUCCEEDED"
grep -q "\"digest\" : \"$digest_10\"" "$work/release-1.0.json" || die "release 1.0 pushed another digest"

say "Release 1.1: pushed as 1.1, but the task definition names myapp:v1.1, a tag that was never pushed"
set +e
quayside release "oci:$work/image-1.1:1.1" myapp --tag 1.1 --task-definition docs/examples/task-definition.json \
  --image "myapp=$registry/myapp:v1.1" --cluster prod --service myapp --timeout 10m --endpoint-url "$endpoint" --json \
  > "$work/release-1.1.json" 2> "$work/release-1.1.log"
code_11=$?
set -e
cat "$work/release-1.1.log" >&2
[ "$code_11" = 1 ] || die "release 1.1 should have stopped at the pre-flight with exit code 1 (exit $code_11)"
grep -q "register task definition family 'myapp' (pre-flight)" "$work/release-1.1.log" || die "release 1.1 did not stop at the pre-flight"
grep -q "image $registry/myapp:v1.1 does not exist in ECR" "$work/release-1.1.log" || die "release 1.1 did not name the missing image"
! grep -q "Registered task definition\|Updated service" "$work/release-1.1.log" || die "release 1.1 changed something before failing"

say "Release 1.2: an image that starts but fails its health checks; only ECS can judge it"
set +e
quayside release "oci:$work/image-1.2:1.2" myapp --tag 1.2 --task-definition docs/examples/task-definition.json \
  --cluster prod --service myapp --timeout 10m --endpoint-url "$endpoint" --json \
  > "$work/release-1.2.json" 2> "$work/release-1.2.log"
code_12=$?
set -e
cat "$work/release-1.2.log" >&2
cat "$work/release-1.2.json"
[ "$code_12" = 1 ] || die "release 1.2 should have failed with exit code 1 (exit $code_12)"
grep -q '"verdict" : "FAILED"' "$work/release-1.2.json" || die "release 1.2 did not report FAILED"
grep -q '"rolledBackTo" : "ecs-svc/' "$work/release-1.2.json" || die "release 1.2 did not report the rollback"
grep -qi 'health check' "$work/release-1.2.log" || die "release 1.2 did not show the stopped tasks' reason"
grep -q 'ECONNREFUSED' "$work/release-1.2.log" || die "release 1.2 did not show the application's own log lines"

say "check with skopeo, through the DOCKER_CONFIG ecr-login wrote: latest is still 1.0"
served=$(skopeo inspect --raw --tls-verify=false --authfile "$docker_config/config.json" \
  "docker://$registry/myapp:latest" | sha256sum | cut -d' ' -f1)
[ "sha256:$served" = "$digest_10" ] || die "skopeo sees sha256:$served, expected $digest_10"
echo "skopeo: myapp:latest is sha256:$served"

say "demo passed: release 1.0 succeeded; release 1.1 stopped at the pre-flight; release 1.2 failed its health checks, was rolled back, and the log says why"
