# The generate-config init container of KFP's TLS overlay (2.15.0 to 2.17.0,
# manifests/kustomize/env/cert-manager/platform-agnostic-standalone-tls/patches/
# metadata-grpc-deployment.yaml), run by the image's /bin/sh with its sed. The test runs it with
# the two folders in other places.
escape() { sed ':a;N;$!ba;s/\n/\\n/g' "$1"; }
cat <<EOF >/etc/grpc/config.proto
connection_config {
  mysql {
    host: "${MYSQL_HOST}"
    port: ${MYSQL_PORT}
    database: "${MYSQL_DATABASE}"
    user: "${DBCONFIG_USER}"
    password: "${DBCONFIG_PASSWORD}"
  }
}
ssl_config {
  server_key: "$(escape /etc/pki/tls/certs/tls.key)"
  server_cert: "$(escape /etc/pki/tls/certs/tls.crt)"
  custom_ca: "$(escape /etc/pki/tls/certs/ca.crt)"
  client_verify: false
}
EOF
