{{/*
Chart name, truncated to the 63 characters a DNS label allows.
*/}}
{{- define "microservices-events.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: <release>-<chart>, or the release name alone when it already contains
the chart name.
*/}}
{{- define "microservices-events.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "microservices-events.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of one service's objects. Call with (dict "root" $ "name" "ingress").
*/}}
{{- define "microservices-events.componentName" -}}
{{- printf "%s-%s" (include "microservices-events.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "microservices-events.labels" -}}
helm.sh/chart: {{ include "microservices-events.chart" . }}
{{ include "microservices-events.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: microservices-events
{{- end }}

{{- define "microservices-events.selectorLabels" -}}
app.kubernetes.io/name: {{ include "microservices-events.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels of one service's objects. Call with (dict "root" $ "name" "ingress").
*/}}
{{- define "microservices-events.componentLabels" -}}
{{ include "microservices-events.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "microservices-events.componentSelectorLabels" -}}
{{ include "microservices-events.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "microservices-events.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "microservices-events.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference of one service. Call with (dict "root" $ "svc" $svc).
*/}}
{{- define "microservices-events.image" -}}
{{- $tag := .svc.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- if .root.Values.image.registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .svc.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .svc.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "microservices-events.specsConfigMapName" -}}
{{- if .Values.specs.existingConfigMap }}
{{- .Values.specs.existingConfigMap }}
{{- else }}
{{- printf "%s-specs" (include "microservices-events.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
The chart's own Secret is needed unless both the bus and the state credentials come from
existing Secrets.
*/}}
{{- define "microservices-events.createSecret" -}}
{{- if or (not .Values.bus.rabbitmq.existingSecret) (not .Values.state.existingSecret) }}true{{ end }}
{{- end }}

{{- define "microservices-events.secretName" -}}
{{- include "microservices-events.fullname" . }}
{{- end }}

{{/*
Webhook ports named by the EventSources in specs.files, as a YAML list of port numbers (sorted
as text, each once): the port of each spec.webhook.<event>, and webhook.port of the events of the
kinds that receive HTTP on the webhook ports.
*/}}
{{- define "microservices-events.specWebhookPorts" -}}
{{- $kinds := list "github" "gitlab" "slack" "stripe" "sns" "bitbucket" "bitbucketserver" "cloudevents" }}
{{- $ports := list }}
{{- range $file, $content := .Values.specs.files }}
{{- range $doc := regexSplit "(?m)^---[ \t]*$" (toString $content) -1 }}
{{- $m := fromYaml $doc }}
{{- if and (eq (toString (get $m "kind")) "EventSource") (kindIs "map" (get $m "spec")) }}
{{- range $kind, $events := (get $m "spec") }}
{{- if kindIs "map" $events }}
{{- range $event, $e := $events }}
{{- if kindIs "map" $e }}
{{- $port := "" }}
{{- if eq $kind "webhook" }}
{{- $port = get $e "port" }}
{{- else if and (has $kind $kinds) (kindIs "map" (get $e "webhook")) }}
{{- $port = get (get $e "webhook") "port" }}
{{- end }}
{{- if $port }}
{{- $ports = append $ports (toString $port) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml (uniq $ports | sortAlpha) }}
{{- end }}

{{/*
Ports a service opens besides http, as a YAML list of {name, port}: its extraPorts, then (for
ingress with webhookPortsFromSpecs) each webhook port of the specs not already listed, named
webhook-<port>. Call with (dict "root" $ "name" "ingress" "svc" $svc).
*/}}
{{- define "microservices-events.extraPorts" -}}
{{- $result := list }}
{{- $seen := dict }}
{{- range .svc.extraPorts }}
{{- $result = append $result (dict "name" .name "port" (int .port)) }}
{{- $_ := set $seen (toString .port) true }}
{{- end }}
{{- if and (eq .name "ingress") .svc.webhookPortsFromSpecs (eq .root.Values.specs.source "configMap") (not .root.Values.specs.existingConfigMap) }}
{{- range (include "microservices-events.specWebhookPorts" .root | fromYamlArray) }}
{{- if not (hasKey $seen (toString .)) }}
{{- $result = append $result (dict "name" (printf "webhook-%v" .) "port" (int .)) }}
{{- $_ := set $seen (toString .) true }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $result }}
{{- end }}

{{/*
The namespaces whose EventSource and Sensor resources are watched (specs.source customResources):
specs.namespaces; else, with a namespaced RBAC scope, the release's namespace and rbac.namespaces;
else none, which means every namespace.
*/}}
{{- define "microservices-events.specNamespaces" -}}
{{- if .Values.specs.namespaces }}
{{- toYaml .Values.specs.namespaces }}
{{- else if eq .Values.rbac.scope "namespaced" }}
{{- toYaml (prepend .Values.rbac.namespaces .Release.Namespace | uniq) }}
{{- else }}
{{- toYaml list }}
{{- end }}
{{- end }}

{{/*
Whether a service is given the state database: every service but ingress, and ingress when
services.ingress.calendarCatchup is true. Call with (dict "root" $ "name" "ingress" "svc" $svc).
*/}}
{{- define "microservices-events.usesStateDatabase" -}}
{{- if or (ne .name "ingress") .svc.calendarCatchup }}true{{ end }}
{{- end }}

{{/*
Whether the Deployment leaves its replica count to a HorizontalPodAutoscaler.
*/}}
{{- define "microservices-events.autoscaled" -}}
{{- if and .autoscaling .autoscaling.enabled }}true{{ end }}
{{- end }}

{{/*
The RBAC rules of the service account, from rbac.specResources, triggerRules,
resourceSourceRules and extraRules.
*/}}
{{- define "microservices-events.rbacRules" -}}
{{- $rules := list }}
{{- if .Values.rbac.specResources }}
{{- $rules = append $rules (dict "apiGroups" (list "argoproj.io") "resources" (list "eventsources" "sensors") "verbs" (list "get" "list" "watch")) }}
{{- $rules = append $rules (dict "apiGroups" (list "argoproj.io") "resources" (list "eventsources/status" "sensors/status") "verbs" (list "get" "patch" "update")) }}
{{- end }}
{{- $rules = concat $rules .Values.rbac.triggerRules .Values.rbac.resourceSourceRules .Values.rbac.extraRules }}
{{- toYaml $rules }}
{{- end }}

{{/*
PromQL label matchers that select this release's series (scraped through the ServiceMonitor,
whose job label is the Service's name).
*/}}
{{- define "microservices-events.alertSelector" -}}
{{- printf "namespace=%q, job=~%q" .Release.Namespace (printf "%s-.*" (include "microservices-events.fullname" .)) }}
{{- end }}

{{/*
Checks across values that JSON Schema cannot express; each failure names the values involved.
*/}}
{{- define "microservices-events.validate" -}}
{{- range $name, $svc := .Values.services }}
{{- if and $svc.enabled (include "microservices-events.autoscaled" $svc) }}
{{- if gt (int $svc.autoscaling.minReplicas) (int $svc.autoscaling.maxReplicas) }}
{{- fail (printf "services.%s.autoscaling: minReplicas (%v) is greater than maxReplicas (%v)" $name $svc.autoscaling.minReplicas $svc.autoscaling.maxReplicas) }}
{{- end }}
{{- if not (or $svc.autoscaling.targetCPUUtilizationPercentage $svc.autoscaling.targetMemoryUtilizationPercentage) }}
{{- fail (printf "services.%s.autoscaling: give targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage" $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name, $svc := .Values.services }}
{{- $names := list "http" }}
{{- $numbers := list (toString $.Values.service.port) }}
{{- range $svc.extraPorts }}
{{- if has .name $names }}
{{- fail (printf "services.%s.extraPorts: the name %s is used twice (http is the service's own port)" $name .name) }}
{{- end }}
{{- if has (toString .port) $numbers }}
{{- fail (printf "services.%s.extraPorts: port %v is opened twice (%v is service.port)" $name .port $.Values.service.port) }}
{{- end }}
{{- $names = append $names .name }}
{{- $numbers = append $numbers (toString .port) }}
{{- end }}
{{- end }}
{{- if .Values.ingress.enabled }}
{{- if not .Values.services.ingress.enabled }}
{{- fail "ingress.enabled: the Ingress routes to the ingress service, which services.ingress.enabled turns off" }}
{{- end }}
{{- $ports := include "microservices-events.extraPorts" (dict "root" . "name" "ingress" "svc" .Values.services.ingress) | fromYamlArray }}
{{- $known := list }}
{{- range $ports }}
{{- $known = append $known (toString .name) }}
{{- $known = append $known (toString .port) }}
{{- end }}
{{- range .Values.ingress.hosts }}
{{- range .paths }}
{{- if not (has (toString .servicePort) $known) }}
{{- fail (printf "ingress.hosts: path %s goes to servicePort %v, which is not a webhook port of the ingress Service (%s)" .path .servicePort (join ", " $known | default "none")) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if and (eq .Values.state.provider "Sqlite") (not .Values.state.existingSecret) (not (regexMatch `(?i)(data ?source|filename)\s*=` .Values.state.connectionString)) }}
{{- fail "state.connectionString: Sqlite needs a file on the pod's /data volume, e.g. Data Source=/data/state.db" }}
{{- end }}
{{- if and (eq .Values.specs.source "customResources") .Values.rbac.create (eq .Values.rbac.scope "namespaced") }}
{{- $granted := prepend .Values.rbac.namespaces .Release.Namespace }}
{{- range .Values.specs.namespaces }}
{{- if not (has . $granted) }}
{{- fail (printf "specs.namespaces: %s is not granted by the chart's RBAC (rbac.scope namespaced covers %s): add it to rbac.namespaces" . (join ", " ($granted | uniq))) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and .Values.rbac.namespaces (eq .Values.rbac.scope "cluster") }}
{{- fail "rbac.namespaces: only used with rbac.scope namespaced (a cluster scope covers every namespace)" }}
{{- end }}
{{- end }}
