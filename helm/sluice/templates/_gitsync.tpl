{{/* git-sync container for the policy bundle: (list $ "name" oneTime). */}}
{{- define "sluice.gitSyncContainer" -}}
{{- $root := index . 0 -}}
{{- $git := $root.Values.policyService.bundle.gitSync -}}
- name: {{ index . 1 }}
  image: {{ $git.image }}
  args:
    - --repo={{ required "policyService.bundle.gitSync.repo is required when gitSync is enabled" $git.repo }}
    - --ref={{ $git.ref }}
    - --root=/git
    - --link=current
    - --period={{ $git.period }}
    {{- if index . 2 }}
    - --one-time
    {{- end }}
  {{- with $git.credentialsSecret }}
  envFrom:
    - secretRef:
        name: {{ . }}
  {{- end }}
  volumeMounts:
    - name: policy-git
      mountPath: /git
    - name: tmp
      mountPath: /tmp
  resources:
    requests: {cpu: 10m, memory: 32Mi}
    limits: {memory: 128Mi}
  securityContext:
    {{- toYaml $root.Values.containerSecurityContext | nindent 4 }}
{{- end -}}
