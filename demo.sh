#!/usr/bin/env bash
# The local demo of the release flow, with no AWS account and no Docker daemon: starts the real
# Distribution registry and the ECR simulator on loopback, builds a small OCI image from files,
# then logs in and pushes it with the quayside CLI exactly as a pipeline would.
# Everything it starts is stopped by PID on exit. Exit 0 only if every step ended as expected.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# --- what the demo needs -------------------------------------------------------------------------
missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
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
  say "Building quayside (mvn package, tests skipped)"
  mvn -q -B -DskipTests package
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

# --- the AWS simulator ---------------------------------------------------------------------------------
say "Starting the ECR/ECS simulator"
java -jar testing/target/quayside-simulator.jar --port 0 --registry "http://127.0.0.1:$registry_port" \
  --registry-password-file "$work/registry-password" > "$work/simulator.out" 2> "$work/simulator.log" &
pids+=($!)
for _ in $(seq 1 100); do
  endpoint=$(head -1 "$work/simulator.out" 2>/dev/null || true)
  [ -n "$endpoint" ] && break
  sleep 0.1
done
[ -n "$endpoint" ] || die "the simulator did not start: $(tail -5 "$work/simulator.log")"
echo "AWS endpoint: $endpoint"

# --- build a small image as files (what a daemonless build writes) -----------------------------------------
say "Building a small OCI image in $work/image"
mkdir -p "$work/rootfs/app" "$work/image/blobs/sha256"
echo "hello from quayside" > "$work/rootfs/app/hello.txt"
tar --sort=name --mtime='2024-01-01 00:00Z' --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/layer.tar" app
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n -c "$work/layer.tar" > "$work/layer.tar.gz"
put_blob() { local d; d=$(sha256sum "$1" | cut -d' ' -f1); cp "$1" "$work/image/blobs/sha256/$d"; echo "$d"; }
layer=$(put_blob "$work/layer.tar.gz"); layer_size=$(stat -c %s "$work/layer.tar.gz")
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["cat","/app/hello.txt"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff_id" > "$work/config.json"
config=$(put_blob "$work/config.json"); config_size=$(stat -c %s "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" > "$work/manifest.json"
manifest=$(put_blob "$work/manifest.json"); manifest_size=$(stat -c %s "$work/manifest.json")
echo '{"imageLayoutVersion":"1.0.0"}' > "$work/image/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"1.0"}}]}' \
  "$manifest" "$manifest_size" > "$work/image/index.json"
echo "image digest: sha256:$manifest"

# --- the release flow, as Jenkinsfile.example does it -----------------------------------------------------
export AWS_ACCESS_KEY_ID=AKIDDEMO AWS_SECRET_ACCESS_KEY=demo-secret AWS_REGION=ap-southeast-1
quayside() { "$root/bin/quayside" "$@"; }

say "ecr-login: a private DOCKER_CONFIG for the registry"
docker_config=$(quayside ecr-login --endpoint-url "$endpoint" --dir "$work/docker-config")
ls -ld "$docker_config" | awk '{print $1, $NF}'

say "push 1.0 and latest (creating the repository with scan on push, AES256 and the lifecycle policy)"
quayside push "oci:$work/image:1.0" myapp --tag 1.0 --tag latest --create-repository \
  --lifecycle-policy docs/examples/ecr-lifecycle-policy.json --endpoint-url "$endpoint" --json > "$work/push.json"
cat "$work/push.json"
grep -q "\"digest\" : \"sha256:$manifest\"" "$work/push.json" || die "the pushed digest is not the image's"

say "push again: every blob is already there"
quayside push "oci:$work/image:1.0" myapp --tag 1.0 --endpoint-url "$endpoint" --json > "$work/again.json"
grep -q '"blobsUploaded" : 0' "$work/again.json" || die "the re-push uploaded blobs"
echo "nothing uploaded the second time"

say "check with skopeo, through the DOCKER_CONFIG ecr-login wrote"
served=$(skopeo inspect --raw --tls-verify=false --authfile "$docker_config/config.json" \
  "docker://127.0.0.1:$registry_port/myapp:latest" | sha256sum | cut -d' ' -f1)
[ "$served" = "$manifest" ] || die "skopeo sees sha256:$served, expected sha256:$manifest"
echo "skopeo: myapp:latest is sha256:$served"

say "demo passed"
