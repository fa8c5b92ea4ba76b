"""Certificates made with the openssl command line for the TLS tests, as cert-manager issues them:
a CA, and server or client certificates it signs with their keys in PKCS#1 (cert-manager's default)."""

import pathlib
import secrets
import subprocess


def openssl(folder, *args):
  subprocess.run(["openssl"] + list(args), cwd=folder, check=True, capture_output=True)


class Authority:
  """A CA in `folder`: `ca.crt`, and `issue()` for certificates it signs."""

  def __init__(self, folder, name="mnemos-test-ca"):
    self.folder = pathlib.Path(folder)
    self.folder.mkdir(parents=True, exist_ok=True)
    self.name = name
    openssl(self.folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key",
            "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + name)
    self.cert = self.folder / (name + ".crt")

  def issue(self, name, san="DNS:localhost,IP:127.0.0.1", key=None):
    """(certificate, key) paths of a certificate for `name`; a new key unless `key` is given."""
    cert = self.folder / (name + ".crt")
    if key is None:
      key = self.folder / (name + ".key")
      openssl(self.folder, "genrsa", "-traditional", "-out", key.name, "2048")
    openssl(self.folder, "req", "-new", "-key", str(key), "-out", name + ".csr", "-subj", "/CN=" + name)
    (self.folder / (name + ".ext")).write_text("subjectAltName=" + san + "\n")
    openssl(self.folder, "x509", "-req", "-in", name + ".csr", "-CA", self.cert.name, "-CAkey",
            self.name + ".key", "-set_serial", str(secrets.randbits(62)), "-out", cert.name,
            "-days", "2", "-extfile", name + ".ext")
    return cert, key
