/// The notification templates every config can use, under the names Alertmanager users already
/// reference (`slack.default.title`, `email.default.subject`, ...). Written for Vigil: the
/// subject line and alert lists read as Alertmanager's do, so existing receivers see the same text.
enum DefaultTemplates {
    static let text = #"""
    {{ define "__alertmanager" }}Vigil{{ end }}
    {{ define "__alertmanagerURL" }}{{ .ExternalURL }}/#/alerts?receiver={{ .Receiver | urlquery }}{{ end }}

    {{- /* [FIRING:2] group label values (other common label values) */ -}}
    {{ define "__subject" -}}
    [{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}]
    {{- " " }}{{ .GroupLabels.SortedPairs.Values | join " " }}
    {{- " " }}{{ if gt (len .CommonLabels) (len .GroupLabels) }}({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values | join " " }}{{ end }}){{ end }}
    {{- end }}
    {{ define "__description" }}{{ end }}

    {{ define "__text_alert_list" }}{{ range . }}Labels:
    {{ range .Labels.SortedPairs }} - {{ .Name }} = {{ .Value }}
    {{ end }}Annotations:
    {{ range .Annotations.SortedPairs }} - {{ .Name }} = {{ .Value }}
    {{ end }}Source: {{ .GeneratorURL }}
    {{ end }}{{ end }}

    {{ define "slack.default.title" }}{{ template "__subject" . }}{{ end }}
    {{ define "slack.default.username" }}{{ template "__alertmanager" . }}{{ end }}
    {{ define "slack.default.fallback" }}{{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}{{ end }}
    {{ define "slack.default.callbackid" }}{{ end }}
    {{ define "slack.default.pretext" }}{{ end }}
    {{ define "slack.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
    {{ define "slack.default.iconemoji" }}{{ end }}
    {{ define "slack.default.iconurl" }}{{ end }}
    {{ define "slack.default.text" }}{{ end }}
    {{ define "slack.default.footer" }}{{ end }}

    {{ define "pagerduty.default.description" }}{{ template "__subject" . }}{{ end }}
    {{ define "pagerduty.default.client" }}{{ template "__alertmanager" . }}{{ end }}
    {{ define "pagerduty.default.clientURL" }}{{ template "__alertmanagerURL" . }}{{ end }}
    {{ define "pagerduty.default.instances" }}{{ template "__text_alert_list" . }}{{ end }}

    {{ define "email.default.subject" }}{{ template "__subject" . }}{{ end }}
    {{ define "email.default.text" }}{{ template "__subject" . }}
    {{ if gt (len .Alerts.Firing) 0 }}
    Firing:
    {{ template "__text_alert_list" .Alerts.Firing }}{{ end }}{{ if gt (len .Alerts.Resolved) 0 }}
    Resolved:
    {{ template "__text_alert_list" .Alerts.Resolved }}{{ end }}
    View in Vigil: {{ template "__alertmanagerURL" . }}
    {{ end }}
    {{ define "email.default.html" }}<!DOCTYPE html>
    <html><head><meta charset="UTF-8"><title>{{ template "__subject" . | html }}</title></head>
    <body style="font-family: sans-serif">
    <p><a href="{{ template "__alertmanagerURL" . }}">{{ .Alerts | len }} alert{{ if gt (len .Alerts) 1 }}s{{ end }} for {{ range .GroupLabels.SortedPairs }}{{ .Name | html }}={{ .Value | html }} {{ end }}</a></p>
    {{ if gt (len .Alerts.Firing) 0 }}<h3 style="color: #b00">[{{ .Alerts.Firing | len }}] Firing</h3>
    {{ range .Alerts.Firing }}<p><b>Labels</b><br>{{ range .Labels.SortedPairs }}{{ .Name | html }} = {{ .Value | html }}<br>{{ end }}
    {{ if gt (len .Annotations) 0 }}<b>Annotations</b><br>{{ end }}{{ range .Annotations.SortedPairs }}{{ .Name | html }} = {{ .Value | html }}<br>{{ end }}
    <a href="{{ .GeneratorURL }}">Source</a></p>
    {{ end }}{{ end }}{{ if gt (len .Alerts.Resolved) 0 }}<h3 style="color: #070">[{{ .Alerts.Resolved | len }}] Resolved</h3>
    {{ range .Alerts.Resolved }}<p><b>Labels</b><br>{{ range .Labels.SortedPairs }}{{ .Name | html }} = {{ .Value | html }}<br>{{ end }}
    <a href="{{ .GeneratorURL }}">Source</a></p>
    {{ end }}{{ end }}<p style="color: #666">Sent by Vigil</p>
    </body></html>
    {{ end }}
    """#
}
