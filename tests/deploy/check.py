"""Checks deploy/: every Kubernetes manifest and every rendered Helm
manifest parses as YAML with the expected kinds; the ServiceMonitor selects
the Service's labels and port name, and the Service the Deployment's pods;
the chart follows its values; the Grafana dashboard is well formed.

Usage: python3 tests/deploy/check.py HELM_RENDER_COMMAND...
(the command renders the chart; extra arguments are appended to it).
Prints `manifests: N passed, M failed` (tests/deploy/run.sh adds that to
its own count).
"""
import json
import os
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))


def by_kind(docs):
    out = {}
    for d in docs:
        if d:
            out.setdefault(d["kind"], []).append(d)
    return out


def check_objects(label, kinds, want_kinds, web=False):
    check(f"{label}: kinds", sorted(kinds) == sorted(want_kinds), sorted(kinds))
    dep = kinds["Deployment"][0]
    svc = kinds["Service"][0]
    pod_labels = dep["spec"]["template"]["metadata"]["labels"]
    check(f"{label}: Deployment selects its pods",
          dep["spec"]["selector"]["matchLabels"].items() <= pod_labels.items())
    check(f"{label}: Service selects the Deployment's pods", svc["spec"]["selector"].items() <= pod_labels.items())
    container = dep["spec"]["template"]["spec"]["containers"][0]
    ports = {p["name"]: p for p in container["ports"]}
    check(f"{label}: container port named metrics", "metrics" in ports, container["ports"])
    for probe in ("livenessProbe", "readinessProbe"):
        if web:
            # Basic auth or client certificates would refuse an HTTP probe.
            tcp = container[probe].get("tcpSocket", {})
            check(f"{label}: {probe} connects to the metrics port", tcp.get("port") == "metrics"
                  and "httpGet" not in container[probe], container[probe])
            continue
        get = container[probe]["httpGet"]
        check(f"{label}: {probe} on /healthz", get["path"] == "/healthz" and get["port"] == "metrics", get)
    check(f"{label}: resource requests", "requests" in container.get("resources", {}))
    svc_ports = {p["name"]: p for p in svc["spec"]["ports"]}
    check(f"{label}: Service port targets the metrics port", svc_ports.get("metrics", {}).get("targetPort") == "metrics")
    for sm in kinds.get("ServiceMonitor", []):
        check(f"{label}: ServiceMonitor apiVersion", sm["apiVersion"] == "monitoring.coreos.com/v1")
        check(f"{label}: ServiceMonitor selects the Service's labels",
              sm["spec"]["selector"]["matchLabels"].items() <= svc["metadata"]["labels"].items())
        for ep in sm["spec"]["endpoints"]:
            check(f"{label}: ServiceMonitor endpoint port is a Service port name", ep["port"] in svc_ports, ep)
            check(f"{label}: ServiceMonitor interval and timeout", "interval" in ep and "scrapeTimeout" in ep, ep)
            check(f"{label}: ServiceMonitor metric relabelings", bool(ep.get("metricRelabelings")), ep)


def json_patch(doc, ops):
    """Applies JSON Patch (RFC 6902) add and replace operations, as
    kustomize applies a patch file."""
    for op in ops:
        *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].split("/")[1:]]
        node = doc
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        if isinstance(node, list):
            if last == "-":
                node.append(op["value"])
            elif op["op"] == "add":
                node.insert(int(last), op["value"])
            else:
                node[int(last)] = op["value"]
        else:
            if op["op"] == "replace" and last not in node:
                raise KeyError(f"replace of a missing {op['path']}")
            node[last] = op["value"]
    return doc


def check_web(label, kinds, config, web_secret, tls_secret):
    """The web config mounted and passed, and the ServiceMonitor scraping
    over HTTPS with basic auth."""
    pod = kinds["Deployment"][0]["spec"]["template"]["spec"]
    c = pod["containers"][0]
    flag = "--web.config.file=/etc/demo-exporter/web/web-config.yml"
    check(f"{label}: --web.config.file passed", flag in c["args"], c["args"])
    mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
    check(f"{label}: web config and certificate mounted",
          mounts == {"web-config": "/etc/demo-exporter/web", "tls": "/etc/demo-exporter/tls"}, mounts)
    volumes = {v["name"]: v["secret"]["secretName"] for v in pod.get("volumes", [])}
    check(f"{label}: mounted from their Secrets", volumes == {"web-config": web_secret, "tls": tls_secret}, volumes)
    tls = config["tls_server_config"]
    check(f"{label}: the web config's files are in the mounted certificate Secret",
          tls["cert_file"] == "/etc/demo-exporter/tls/tls.crt" and tls["key_file"] == "/etc/demo-exporter/tls/tls.key",
          tls)
    ep = kinds["ServiceMonitor"][0]["spec"]["endpoints"][0]
    check(f"{label}: ServiceMonitor scrapes over HTTPS", ep.get("scheme") == "https", ep)
    check(f"{label}: ServiceMonitor checks the certificate against a CA",
          ep.get("tlsConfig", {}).get("ca", {}).get("secret", {}).get("key") == "ca.crt", ep.get("tlsConfig"))
    auth = ep.get("basicAuth", {})
    check(f"{label}: ServiceMonitor sends basic auth from a Secret",
          auth.get("username", {}).get("name") and auth.get("password", {}).get("key") == "password", auth)


def render(cmd, *extra):
    out = subprocess.run([*cmd, *extra], capture_output=True, text=True)
    if out.returncode != 0:
        check("helm render " + " ".join(extra), False, out.stderr)
        return {}
    return by_kind(yaml.safe_load_all(out.stdout))


def main():
    render_cmd = sys.argv[1:]
    manifests = []
    kdir = os.path.join(ROOT, "deploy", "kubernetes")
    base = yaml.safe_load(open(os.path.join(kdir, "kustomization.yaml")))["resources"]
    for f in sorted(os.listdir(kdir)):
        if f.endswith(".yaml") and f != "kustomization.yaml":
            check(f"kubernetes: {f} listed in kustomization.yaml", f in base, base)
            with open(os.path.join(kdir, f)) as fh:
                manifests.extend(yaml.safe_load_all(fh))
    check_objects("kubernetes", by_kind(manifests), ["Deployment", "Service", "ServiceMonitor"])

    # The TLS overlay, applied as kustomize applies it.
    tdir = os.path.join(ROOT, "deploy", "kubernetes-tls")
    overlay = yaml.safe_load(open(os.path.join(tdir, "kustomization.yaml")))
    check("kubernetes-tls: builds on the plain manifests", overlay["resources"] == ["../kubernetes"], overlay)
    patched = by_kind(yaml.safe_load(yaml.safe_dump(manifests)))
    for patch in overlay["patches"]:
        target = patch["target"]
        doc = next(d for d in patched[target["kind"]] if d["metadata"]["name"] == target["name"])
        json_patch(doc, yaml.safe_load(open(os.path.join(tdir, patch["path"]))))
    check_objects("kubernetes-tls", patched, ["Deployment", "Service", "ServiceMonitor"], web=True)
    web_config = yaml.safe_load(open(os.path.join(tdir, "web-config.yml")))
    check_web("kubernetes-tls", patched, web_config, "demo-exporter-web-config", "demo-exporter-tls")

    chart = os.path.join(ROOT, "deploy", "helm", "demo-exporter")
    kinds = render(render_cmd, chart)
    if kinds:
        check_objects("helm (defaults)", kinds, ["Deployment", "Service", "ServiceMonitor"])
        sm = kinds["ServiceMonitor"][0]
        check("helm: ServiceMonitor namespace from values", sm["metadata"]["namespace"] == "monitoring")
        check("helm: additional labels", sm["metadata"]["labels"].get("release") == "kube-prometheus-stack")
        with open(os.path.join(chart, "values.yaml")) as vf:
            defaults = yaml.safe_load(vf)
        c = kinds["Deployment"][0]["spec"]["template"]["spec"]["containers"][0]
        check("helm: resources from values.yaml", c["resources"] == defaults["resources"], c["resources"])
        relabelings = sm["spec"]["endpoints"][0]["metricRelabelings"]
        check("helm: metric relabelings from values.yaml",
              relabelings == defaults["prometheus"]["serviceMonitor"]["metricRelabelings"], relabelings)

    override = {
        "image": {"repository": "registry.example/demo-exporter", "tag": "9.9.9"},
        "replicaCount": 3,
        "service": {"port": 9200},
        "extraArgs": ["--metric.namespace=other", "--web.enable-openmetrics"],
        "env": [{"name": "LOG_LEVEL", "value": "debug"}],
        # Every key of the default resources is overridden (Helm merges maps
        # key by key), and one is added.
        "resources": {"requests": {"cpu": "50m", "memory": "32Mi"},
                      "limits": {"cpu": "200m", "memory": "128Mi"}},
        "prometheus": {"serviceMonitor": {
            "enabled": True, "namespace": "", "interval": "5s", "additionalLabels": {"team": "x"},
            # A list replaces the default list whole.
            "metricRelabelings": [
                {"sourceLabels": ["__name__"], "regex": "demo_(cpu|load).*", "action": "keep"},
                {"regex": "mode", "action": "labeldrop"},
            ]}},
    }
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
        yaml.safe_dump(override, fh)
    kinds = render(render_cmd, chart, "exp", "apps", fh.name)
    if kinds:
        dep = kinds["Deployment"][0]
        c = dep["spec"]["template"]["spec"]["containers"][0]
        check("helm values: image", c["image"] == "registry.example/demo-exporter:9.9.9", c["image"])
        check("helm values: replicas", dep["spec"]["replicas"] == 3)
        check("helm values: port", c["ports"][0]["containerPort"] == 9200 and "--web.listen-address=:9200" in c["args"],
              c["args"])
        check("helm values: extra args", c["args"][-2:] == override["extraArgs"], c["args"])
        check("helm values: env", c["env"] == override["env"], c.get("env"))
        sm = kinds["ServiceMonitor"][0]
        check("helm values: ServiceMonitor in the release namespace", sm["metadata"]["namespace"] == "apps")
        check("helm values: interval", sm["spec"]["endpoints"][0]["interval"] == "5s")
        check("helm values: labels", sm["metadata"]["labels"].get("team") == "x")
        check("helm values: resources", c["resources"] == override["resources"], c.get("resources"))
        relabelings = sm["spec"]["endpoints"][0].get("metricRelabelings")
        check("helm values: metric relabelings",
              relabelings == override["prometheus"]["serviceMonitor"]["metricRelabelings"], relabelings)
        check("helm values: release name", dep["metadata"]["name"] == "exp-demo-exporter", dep["metadata"]["name"])
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
        yaml.safe_dump({"prometheus": {"serviceMonitor": {"enabled": False}}}, fh)
    kinds = render(render_cmd, chart, "demo-exporter", "monitoring", fh.name)
    check("helm values: serviceMonitor.enabled=false renders none", "ServiceMonitor" not in kinds, sorted(kinds))

    web = {
        "webConfig": {"enabled": True, "tlsSecretName": "exporter-cert", "config": {
            "basic_auth_users": {"prometheus": "$2y$10$abcdefghijklmnopqrstuu5Ox0fKsVfTgCnoKc3I9cnWm9Yt0V3RW"}}},
        "prometheus": {"serviceMonitor": {
            "tlsConfig": {"ca": {"secret": {"name": "exporter-cert", "key": "ca.crt"}}, "serverName": "demo"},
            "basicAuth": {"username": {"name": "scrape", "key": "username"},
                          "password": {"name": "scrape", "key": "password"}}}},
    }
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
        yaml.safe_dump(web, fh)
    kinds = render(render_cmd, chart, "demo-exporter", "monitoring", fh.name)
    if kinds:
        check_objects("helm webConfig", kinds, ["Deployment", "Secret", "Service", "ServiceMonitor"], web=True)
        secret = kinds["Secret"][0]
        config = yaml.safe_load(secret["stringData"]["web-config.yml"])
        # The users added to the default TLS settings (Helm merges maps).
        check("helm webConfig: the Secret holds the web config",
              config["basic_auth_users"] == web["webConfig"]["config"]["basic_auth_users"]
              and "tls_server_config" in config, config)
        check_web("helm webConfig", kinds, config, secret["metadata"]["name"], "exporter-cert")
        ep = kinds["ServiceMonitor"][0]["spec"]["endpoints"][0]
        check("helm webConfig: tlsConfig and basicAuth from values",
              ep["tlsConfig"] == web["prometheus"]["serviceMonitor"]["tlsConfig"]
              and ep["basicAuth"] == web["prometheus"]["serviceMonitor"]["basicAuth"], ep)

    with open(os.path.join(ROOT, "deploy", "grafana", "demo-exporter.json")) as fh:
        dash = json.load(fh)
    variables = {v["name"]: v for v in dash["templating"]["list"]}
    check("dashboard: Prometheus datasource variable",
          variables.get("datasource", {}).get("type") == "datasource"
          and variables["datasource"].get("query") == "prometheus")
    titles = " / ".join(p["title"] for p in dash["panels"])
    for want in ["up", "Scrape duration", "quantiles", "Scrapes per second", "load", "memory", "CPU by mode", "Exporter CPU"]:
        check(f"dashboard: a panel for {want}", want.lower() in titles.lower(), titles)
    check("dashboard: every panel queries the datasource variable",
          all(p["datasource"]["uid"] == "${datasource}" and p["targets"] for p in dash["panels"]))

    failed = results.count(False)
    print(f"manifests: {len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
