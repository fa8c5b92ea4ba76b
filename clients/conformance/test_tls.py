"""TLS as operators set it up: MLMD's server config file (its ssl_config, with database flags beside
it), cert-manager's files by flags (rotated while serving), mutual TLS on both ports, and TLS to
MariaDB from MLMD's ssl_options and from --db. Certificates are made here with openssl; the client is
the official one."""

import json
import ssl
import time
import urllib.error
import urllib.request

import pytest
from ml_metadata.proto import metadata_store_pb2 as mlmd

import certificates
import mnemos_harness


@pytest.fixture
def authority(tmp_path):
  return certificates.Authority(tmp_path / "ca")


def round_trip(store):
  """A write and a read through `store`: the official client's calls that every pipeline makes."""
  type_id = store.put_artifact_type(mlmd.ArtifactType(name="system.Model"))
  [artifact_id] = store.put_artifacts([mlmd.Artifact(type_id=type_id, uri="s3://model")])
  assert store.get_artifacts_by_id([artifact_id])[0].uri == "s3://model"


def refused(store):
  """Whether a call through `store` fails at the connection (no answer from the service)."""
  try:
    store.get_artifact_types()
  except Exception as e:  # the client wraps grpc errors in its own types
    return "UNAVAILABLE" in str(e) or "unavailable" in str(e).lower()
  return False


def client_config(authority, cert=None, key=None):
  """The official client's ssl_config: custom_ca verifies the server; server_cert and client_key are
  the client's own certificate chain and key (the client's names for them)."""
  config = {"custom_ca": authority.cert.read_text()}
  if cert:
    config["server_cert"] = cert.read_text()
    config["client_key"] = key.read_text()
  return config


def config_file(tmp_path, authority, client_verify, connection=""):
  cert, key = authority.issue("server")
  path = tmp_path / "server_config.pbtxt"
  path.write_text(
      "%s ssl_config { server_key: %s server_cert: %s custom_ca: %s client_verify: %s }"
      % (connection, json.dumps(key.read_text()), json.dumps(cert.read_text()),
         json.dumps(authority.cert.read_text()), "true" if client_verify else "false"))
  return path


def https_get(port, path, authority, cert=None, key=None):
  context = ssl.create_default_context(cafile=str(authority.cert))
  if cert:
    context.load_cert_chain(str(cert), str(key))
  try:
    with urllib.request.urlopen("https://127.0.0.1:%d%s" % (port, path), context=context, timeout=30) as r:
      return r.status
  except urllib.error.HTTPError as e:
    return e.code


def served_certificate(port, authority):
  """The certificate a new TLS handshake on `port` presents, as PEM."""
  return ssl.get_server_certificate(("127.0.0.1", port), ca_certs=str(authority.cert))


def test_mlmds_config_file_gives_tls_and_database_flags_beside_it_still_name_the_database(tmp_path, authority):
  """google/ml-metadata#186: the reference server drops ssl_config when database flags are given."""
  named_by_file, named_by_flag = tmp_path / "file.sqlite", tmp_path / "flag.sqlite"
  config = config_file(tmp_path, authority, client_verify=False,
                       connection='connection_config { sqlite { filename_uri: "%s" } }' % named_by_file)
  server = mnemos_harness.MnemosProcess(["--metadata_store_server_config_file", str(config),
                                         "--db", "jdbc:sqlite:%s" % named_by_flag])
  try:
    round_trip(server.store(ssl_config=client_config(authority)))
    assert refused(server.store()), "a plaintext client reached the TLS port"
    # As KFP's TLS overlay expects: its probes and the UI's gRPC-web proxy speak plain HTTP.
    with urllib.request.urlopen("http://127.0.0.1:%d/readyz" % server.http_port, timeout=30) as r:
      assert r.status == 200
    assert "the HTTP port %d is plain HTTP" % server.http_port in server.output()
  finally:
    server.stop()
  assert named_by_flag.exists() and not named_by_file.exists()


def test_client_verify_refuses_clients_without_a_certificate_its_ca_signed(tmp_path, authority):
  config = config_file(tmp_path, authority, client_verify=True)
  stranger = certificates.Authority(tmp_path / "stranger", name="stranger-ca")
  server = mnemos_harness.MnemosProcess(["--metadata_store_server_config_file", str(config), "--http_tls"])
  try:
    cert, key = authority.issue("pipeline-client", san="DNS:pipeline-client")
    round_trip(server.store(ssl_config=client_config(authority, cert, key)))
    assert refused(server.store(ssl_config=client_config(authority)))
    foreign_cert, foreign_key = stranger.issue("intruder", san="DNS:intruder")
    assert refused(server.store(ssl_config=client_config(authority, foreign_cert, foreign_key)))
    # The HTTP port: the probes answer without a certificate, nothing else does.
    assert https_get(server.http_port, "/readyz", authority) == 200
    assert https_get(server.http_port, "/healthz", authority) == 200
    assert https_get(server.http_port, "/graphql?query=%7B__typename%7D", authority) == 401
    assert https_get(server.http_port, "/graphql?query=%7B__typename%7D", authority, cert, key) == 200
  finally:
    server.stop()


def wait_until(condition, what, timeout=30):
  deadline = time.time() + timeout
  while not condition():
    assert time.time() < deadline, "not within %d s: %s" % (timeout, what)
    time.sleep(0.05)


def test_certificate_files_are_served_on_both_ports_and_rotate_without_a_restart(tmp_path, authority):
  folder = tmp_path / "secret"  # as cert-manager's secret is mounted: tls.crt, tls.key, ca.crt
  folder.mkdir()
  first_cert, first_key = authority.issue("first")
  (folder / "tls.crt").write_bytes(first_cert.read_bytes())
  (folder / "tls.key").write_bytes(first_key.read_bytes())
  server = mnemos_harness.MnemosProcess(["--tls_cert_file", str(folder / "tls.crt"),
                                         "--tls_key_file", str(folder / "tls.key"),
                                         "--tls_reload_seconds", "0.1"])
  try:
    store = server.store(ssl_config=client_config(authority))
    round_trip(store)
    first = served_certificate(server.port, authority)
    assert served_certificate(server.http_port, authority) == first
    assert https_get(server.http_port, "/graphql?query=%7B__typename%7D", authority) == 200

    # Half a rotation: the new certificate beside the old key is refused, the old pair stays.
    second_cert, second_key = authority.issue("second")
    (folder / "tls.crt").write_bytes(second_cert.read_bytes())
    wait_until(lambda: "not reloaded" in server.output(), "the server logs the mismatched pair")
    assert served_certificate(server.port, authority) == first
    (folder / "tls.key").write_bytes(second_key.read_bytes())
    for port in (server.port, server.http_port):
      wait_until(lambda port=port: served_certificate(port, authority) != first, "port %d serves the new one" % port)
      assert ssl.PEM_cert_to_DER_cert(served_certificate(port, authority)) == \
          ssl.PEM_cert_to_DER_cert(second_cert.read_text())
    round_trip(server.store(ssl_config=client_config(authority)))
    assert "TLS certificate reloaded" in server.output()
  finally:
    server.stop()


def test_mutual_tls_by_flags(tmp_path, authority):
  cert, key = authority.issue("server")
  server = mnemos_harness.MnemosProcess(["--tls_cert_file", str(cert), "--tls_key_file", str(key),
                                         "--tls_client_ca_file", str(authority.cert)])
  try:
    client_cert, client_key = authority.issue("client", san="DNS:client")
    round_trip(server.store(ssl_config=client_config(authority, client_cert, client_key)))
    assert refused(server.store(ssl_config=client_config(authority)))
    assert https_get(server.http_port, "/graphql?query=%7B__typename%7D", authority) == 401
    assert https_get(server.http_port, "/graphql?query=%7B__typename%7D", authority, client_cert, client_key) == 200
  finally:
    server.stop()


def test_a_grpc_web_call_needs_the_client_certificate_too(tmp_path, authority):
  """gRPC-web rides the HTTP port, so mutual TLS covers it as it covers GraphQL."""
  cert, key = authority.issue("server")
  server = mnemos_harness.MnemosProcess(["--tls_cert_file", str(cert), "--tls_key_file", str(key),
                                         "--tls_client_ca_file", str(authority.cert)])
  try:
    context = ssl.create_default_context(cafile=str(authority.cert))
    request = urllib.request.Request(
        "https://127.0.0.1:%d/ml_metadata.MetadataStoreService/GetArtifactTypes" % server.http_port,
        data=b"\x00\x00\x00\x00\x00", headers={"Content-Type": "application/grpc-web+proto"})
    with pytest.raises(urllib.error.HTTPError) as refusal:
      urllib.request.urlopen(request, context=context, timeout=30)
    assert refusal.value.code == 401
  finally:
    server.stop()


@pytest.fixture
def tls_mariadb(tmp_path, authority):
  """A MariaDB that takes TCP connections over TLS only, with a user that must show a client
  certificate (REQUIRE X509), one that needs TLS alone (REQUIRE SSL) and one that needs neither."""
  cert, key = authority.issue("mariadb", san="DNS:localhost,IP:127.0.0.1")
  server = mnemos_harness.PrivateMariaDb(
      str(tmp_path / "db"), grants=True,
      extra_args=["--ssl-cert=%s" % cert, "--ssl-key=%s" % key, "--ssl-ca=%s" % authority.cert,
                  "--require-secure-transport=ON"])
  server.sql("CREATE USER 'x509'@'127.0.0.1' IDENTIFIED BY 'pw' REQUIRE X509;"
             "GRANT ALL ON *.* TO 'x509'@'127.0.0.1';"
             "CREATE USER 'tls'@'127.0.0.1' IDENTIFIED BY 'pw' REQUIRE SSL;"
             "GRANT ALL ON *.* TO 'tls'@'127.0.0.1';"
             "CREATE USER 'plain'@'127.0.0.1' IDENTIFIED BY 'pw';"
             "GRANT ALL ON *.* TO 'plain'@'127.0.0.1';")
  yield server
  server.kill()


def mysql_config(tmp_path, db, user, ssl_options):
  path = tmp_path / ("db-%s.pbtxt" % user)
  path.write_text('connection_config { mysql { host: "127.0.0.1" port: %d database: "metadb" user: "%s"'
                  ' password: "pw" %s } }' % (db.port, user, ssl_options))
  return path


def test_mlmds_ssl_options_reach_mariadb_over_verified_tls_with_a_client_certificate(tmp_path, authority, tls_mariadb):
  client_cert, client_key = authority.issue("mnemos-db-client", san="DNS:mnemos")
  options = 'ssl_options { key: "%s" cert: "%s" ca: "%s" verify_server_cert: true }' % (
      client_key, client_cert, authority.cert)
  server = mnemos_harness.MnemosProcess(
      ["--metadata_store_server_config_file", str(mysql_config(tmp_path, tls_mariadb, "x509", options))])
  try:
    round_trip(server.store())
  finally:
    server.stop()

  # Without the client certificate the REQUIRE X509 user is refused, and so is a CA that did not
  # sign the database's certificate: the start fails and says why.
  no_cert = 'ssl_options { ca: "%s" verify_server_cert: true }' % authority.cert
  code, output = mnemos_harness.run_mnemos(
      ["--metadata_store_server_config_file", str(mysql_config(tmp_path, tls_mariadb, "x509", no_cert)),
       "--metadata_store_connection_retries", "0"])
  assert code != 0 and "Access denied" in output, output
  stranger = certificates.Authority(tmp_path / "stranger", name="stranger-ca")
  wrong_ca = 'ssl_options { ca: "%s" verify_server_cert: true }' % stranger.cert
  code, output = mnemos_harness.run_mnemos(
      ["--metadata_store_server_config_file", str(mysql_config(tmp_path, tls_mariadb, "tls", wrong_ca)),
       "--metadata_store_connection_retries", "0"])
  assert code != 0 and "certificat" in output.lower(), output


def test_a_db_url_with_the_drivers_tls_options_reaches_mariadb(tmp_path, authority, tls_mariadb):
  url = ("jdbc:mysql://127.0.0.1:%d/metadb?user=tls&password=pw&createDatabaseIfNotExist=true"
         "&sslMode=verify-full&serverSslCert=%s" % (tls_mariadb.port, authority.cert))
  server = mnemos_harness.MnemosProcess(["--db", url])
  try:
    round_trip(server.store())
  finally:
    server.stop()
  # The same user in plaintext is refused (require_secure_transport; MariaDB says "Access denied"),
  # and let in over TLS.
  plain = "jdbc:mysql://127.0.0.1:%d/metadb?user=plain&password=pw&createDatabaseIfNotExist=true" % tls_mariadb.port
  code, output = mnemos_harness.run_mnemos(["--db", plain, "--metadata_store_connection_retries", "0"])
  assert code != 0 and "access denied for user 'plain'" in output.lower(), output
  server = mnemos_harness.MnemosProcess(["--db", plain + "&sslMode=trust"])
  try:
    round_trip(server.store())
  finally:
    server.stop()
