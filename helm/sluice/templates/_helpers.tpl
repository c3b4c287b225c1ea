{{/*
Names, labels and the per-service settings shared by every template.
*/}}

{{- define "sluice.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sluice.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The five services: values key, service (and image) name, HTTP port. */}}
{{- define "sluice.services" -}}
services:
  - key: identityAdapter
    name: identity-adapter
    port: 8083
  - key: policyService
    name: policy-service
    port: 8081
  - key: recordingService
    name: recording-service
    port: 8082
  - key: approvalService
    name: approval-service
    port: 8080
  - key: proxyService
    name: proxy-service
    port: 8084
{{- end -}}

{{/* Resource name of a component: (list $ "proxy-service"). */}}
{{- define "sluice.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "sluice.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sluice.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "sluice.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Labels on every pod of the release, used by NetworkPolicies to recognise Sluice pods. */}}
{{- define "sluice.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "sluice.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sluice.labels" -}}
{{- $root := index . 0 -}}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
{{ include "sluice.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: sluice
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{- end -}}

{{- define "sluice.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sluice.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "sluice.image" -}}
{{- $root := index . 0 -}}
{{- printf "%s/%s:%s" $root.Values.image.repository (index . 1) (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{/* In-cluster base URL of a service: (list $ "policy-service" 8081). */}}
{{- define "sluice.url" -}}
{{- printf "http://%s:%v" (include "sluice.componentName" (list (index . 0) (index . 1))) (index . 2) -}}
{{- end -}}

{{- define "sluice.issuer" -}}
{{- default (include "sluice.url" (list . "identity-adapter" 8083)) .Values.identityAdapter.issuer -}}
{{- end -}}

{{- define "sluice.jwksUri" -}}
{{- printf "%s/.well-known/jwks.json" (include "sluice.url" (list . "identity-adapter" 8083)) -}}
{{- end -}}

{{/* Environment variable name for a connection's credential: SLUICE_TARGET_<NAME>_<WHAT>. */}}
{{- define "sluice.targetEnv" -}}
{{- printf "SLUICE_TARGET_%s_%s" (regexReplaceAll "[^A-Za-z0-9]" (index . 0) "_" | upper) (index . 1) -}}
{{- end -}}

{{/* Secret names: either the user's existing Secret or the one this chart creates. */}}
{{- define "sluice.kafkaSaslSecret" -}}
{{- default (printf "%s-kafka-sasl" (include "sluice.fullname" .)) .Values.kafka.sasl.existingSecret -}}
{{- end -}}

{{- define "sluice.signingKeySecret" -}}
{{- default (printf "%s-signing-key" (include "sluice.fullname" .)) .Values.identityAdapter.signingKey.existingSecret -}}
{{- end -}}

{{- define "sluice.hasSigningKey" -}}
{{- if or .Values.identityAdapter.signingKey.existingSecret .Values.identityAdapter.signingKey.privateKeyPem -}}true{{- end -}}
{{- end -}}

{{- define "sluice.identityDbSecret" -}}
{{- default (printf "%s-identity-db" (include "sluice.fullname" .)) .Values.identityAdapter.database.existingSecret -}}
{{- end -}}

{{- define "sluice.approvalDbSecret" -}}
{{- default (printf "%s-approval-db" (include "sluice.fullname" .)) .Values.approvalService.database.existingSecret -}}
{{- end -}}

{{- define "sluice.approvalUiSecret" -}}
{{- default (printf "%s-approval-ui" (include "sluice.fullname" .)) .Values.approvalService.ui.existingSecret -}}
{{- end -}}

{{- define "sluice.approvalProxyKeySecret" -}}
{{- default (printf "%s-approval-proxy-key" (include "sluice.fullname" .)) .Values.approvalService.proxyKey.existingSecret -}}
{{- end -}}

{{- define "sluice.recordingDbSecret" -}}
{{- default (printf "%s-recording-db" (include "sluice.fullname" .)) .Values.recordingService.database.existingSecret -}}
{{- end -}}

{{/* The replay UI's OIDC client secret: the user's Secret or the one the chart creates from ui.clientSecret.value. */}}
{{- define "sluice.recordingUiSecret" -}}
{{- default (printf "%s-recording-ui" (include "sluice.fullname" .)) .Values.recordingService.ui.clientSecret.existingSecret -}}
{{- end -}}

{{- define "sluice.hasRecordingUiSecret" -}}
{{- $secret := .Values.recordingService.ui.clientSecret -}}
{{- if and .Values.recordingService.enabled (or $secret.existingSecret $secret.value) -}}true{{- end -}}
{{- end -}}

{{/* Whether the replay UI signs in at this release's identity-adapter, which must then know its client. */}}
{{- define "sluice.recordingUiAtIdentityAdapter" -}}
{{- if and (include "sluice.hasRecordingUiSecret" .) .Values.identityAdapter.enabled (not .Values.recordingService.ui.issuer) -}}true{{- end -}}
{{- end -}}

{{/* Base URL browsers reach recording-service by (the replay UI's redirect URI starts with it). */}}
{{- define "sluice.recordingPublicUrl" -}}
{{- trimSuffix "/" (default (include "sluice.url" (list . "recording-service" 8082)) .Values.recordingService.publicUrl) -}}
{{- end -}}

{{- define "sluice.masterKeySecret" -}}
{{- default (printf "%s-master-key" (include "sluice.fullname" .)) .Values.masterKey.existingSecret -}}
{{- end -}}

{{- define "sluice.policyKeySecret" -}}
{{- default (printf "%s-policy-key" (include "sluice.fullname" .)) .Values.policyKey.existingSecret -}}
{{- end -}}

{{- /*
The gateway key the chart puts into its Secret: policyKey.value, else a random key drawn once per render (kept in
.Values so that the Secret and the pods' checksum annotation see the same one). Without an existingSecret the key
therefore changes on every upgrade, and the checksum rolls policy-service and the proxies onto it together.
*/ -}}
{{- define "sluice.policyKeyValue" -}}
{{- if not .Values.policyKey.value -}}
{{- $_ := set .Values.policyKey "value" (randAlphaNum 48) -}}
{{- end -}}
{{- .Values.policyKey.value -}}
{{- end -}}

{{- define "sluice.hasMasterKey" -}}
{{- if or .Values.masterKey.existingSecret .Values.masterKey.value -}}true{{- end -}}
{{- end -}}

{{- define "sluice.connectionSecret" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $conn := index . 2 -}}
{{- $creds := default dict $conn.credentials -}}
{{- default (printf "%s-target-%s" (include "sluice.fullname" $root) ($name | lower | replace "_" "-")) $creds.existingSecret | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sluice.usesKafka" -}}
{{- if has . (list "proxy-service" "recording-service" "approval-service") -}}true{{- end -}}
{{- end -}}

{{/*
Spring Kafka client settings for the existing cluster, as a YAML fragment of the service's config file.
The SASL password is a placeholder resolved from the KAFKA_SASL_PASSWORD env var (secretKeyRef).
*/}}
{{- define "sluice.kafkaConfig" -}}
{{- $k := .Values.kafka -}}
spring:
  kafka:
    bootstrap-servers: {{ $k.bootstrapServers | quote }}
    security:
      protocol: {{ $k.securityProtocol }}
    {{- if $k.tls.caSecret }}
    ssl:
      trust-store-type: PEM
      trust-store-location: file:/etc/sluice/kafka-ca/{{ $k.tls.caKey }}
    {{- end }}
    {{- if hasPrefix "SASL_" $k.securityProtocol }}
    properties:
      sasl.mechanism: {{ $k.sasl.mechanism }}
      {{- $module := ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $k.sasl.mechanism "PLAIN") }}
      sasl.jaas.config: {{ printf "%s required username=\"%s\" password=\"${KAFKA_SASL_PASSWORD}\";" $module $k.sasl.username | quote }}
    {{- end }}
{{- end -}}

{{/* Non-empty when policy-service reads JIT access grants from approval-service (both on, a feed key Secret set). */}}
{{- define "sluice.grantFeed" -}}
{{- if and .Values.approvalService.enabled .Values.policyService.enabled .Values.approvalService.grants.feedKeySecret -}}true{{- end -}}
{{- end -}}

{{/* Non-empty when approval-service delivers notifications over the network. */}}
{{- define "sluice.notifies" -}}
{{- $n := .Values.approvalService.notifications -}}
{{- if and .Values.approvalService.enabled (or $n.webhook.url $n.slack.enabled $n.email.to) -}}true{{- end -}}
{{- end -}}
