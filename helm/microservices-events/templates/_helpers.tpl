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
