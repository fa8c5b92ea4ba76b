"""Checks an OCI image archive of Mnemos: one manifest per wanted platform, each built for it.

  python3 deploy/image/check_image.py ARCHIVE --platforms linux/amd64,linux/arm64

For every platform: the index names it and its config says so; the command KFP runs
(/bin/metadata_store_server), the shell and sed KFP's TLS init container runs, the jar, the user
(1000:0) and the group-writable data folder are there; and every ELF file of the image (the Java
runtime, its libraries, the shell) is built for that platform's machine. Prints one line per
platform and exits non-zero naming the first thing wrong. Reads the archive only (standard library).
"""

import argparse
import json
import posixpath
import sys
import tarfile

ELF_MACHINES = {"amd64": 62, "arm64": 183}  # e_machine: EM_X86_64, EM_AARCH64
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


class Archive:
  def __init__(self, path):
    self.tar = tarfile.open(path)

  def blob(self, digest):
    algorithm, hex_digest = digest.split(":", 1)
    return self.tar.extractfile("blobs/%s/%s" % (algorithm, hex_digest))

  def json(self, digest):
    with self.blob(digest) as f:
      return json.load(f)

  def manifests(self):
    """(platform, manifest) for each image, through nested indexes as podman writes them."""
    pending = json.load(self.tar.extractfile("index.json"))["manifests"]
    while pending:
      descriptor = pending.pop(0)
      if descriptor["mediaType"] == OCI_INDEX:
        pending.extend(self.json(descriptor["digest"])["manifests"])
      else:
        manifest = self.json(descriptor["digest"])
        # A single image's archive names no platform in its index: its config does.
        platform = descriptor.get("platform") or self.json(manifest["config"]["digest"])
        yield "%s/%s" % (platform.get("os"), platform.get("architecture")), manifest


def layer_files(archive, manifest):
  """Path -> (member, first 20 bytes) of the image's files, later layers overriding earlier ones."""
  files = {}
  for layer in manifest["layers"]:
    with archive.blob(layer["digest"]) as blob, tarfile.open(fileobj=blob, mode="r|*") as tar:
      for member in tar:
        path = posixpath.normpath(member.name.lstrip("./")) if member.name not in ("./", ".") else "."
        name = posixpath.basename(path)
        if name.startswith(".wh."):
          files.pop(posixpath.join(posixpath.dirname(path), name[4:]), None)
          continue
        head = b""
        if member.isfile():
          with tar.extractfile(member) as f:
            head = f.read(20)
        files[path] = (member, head)
  return files


def resolve(files, path, hops=0):
  """Follows symbolic links in each component of path (Debian's /bin is a link to usr/bin)."""
  parts = path.split("/")
  for i in range(1, len(parts) + 1):
    prefix = "/".join(parts[:i])
    entry = files.get(prefix)
    if entry and entry[0].issym() and hops < 20:
      target = entry[0].linkname
      target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
          posixpath.join(posixpath.dirname(prefix), target))
      return resolve(files, "/".join([target] + parts[i:]), hops + 1)
  return files.get(path)


def check_platform(archive, platform, manifest):
  arch = platform.split("/")[1]
  config = archive.json(manifest["config"]["digest"])
  problems = []
  if "%s/%s" % (config.get("os"), config.get("architecture")) != platform:
    problems.append("config says %s/%s" % (config.get("os"), config.get("architecture")))
  settings = config.get("config", {})
  if settings.get("Entrypoint") != ["/bin/metadata_store_server"]:
    problems.append("entrypoint is %s" % settings.get("Entrypoint"))
  if settings.get("User") != "1000:0":
    problems.append("user is %r" % settings.get("User"))
  files = layer_files(archive, manifest)
  for path in ("bin/metadata_store_server", "usr/local/bin/mnemos", "bin/sh", "bin/sed", "usr/bin/java"):
    entry = resolve(files, path)
    if entry is None or not entry[0].mode & 0o111:
      problems.append("no executable /%s" % path)
  if resolve(files, "opt/mnemos/mnemos.jar") is None:
    problems.append("no /opt/mnemos/mnemos.jar")
  data = resolve(files, "var/lib/mnemos")
  if data is None or not data[0].isdir() or (data[0].uid, data[0].gid) != (1000, 0) or not data[0].mode & 0o020:
    problems.append("/var/lib/mnemos is not a folder of 1000:0 writable by group 0")
  elves = {path: int.from_bytes(head[18:20], "little")
           for path, (member, head) in files.items() if head[:4] == b"\x7fELF"}
  foreign = sorted(path for path, machine in elves.items() if machine != ELF_MACHINES[arch])
  if foreign:
    problems.append("%d ELF files not built for %s, e.g. /%s" % (len(foreign), arch, foreign[0]))
  jvm = [path for path in elves if path.endswith("/lib/server/libjvm.so")]
  if not jvm:
    problems.append("no Java runtime (libjvm.so)")
  return problems, "%s: %d ELF files, all %s (%s); %d layers, %.0f MB compressed" % (
      platform, len(elves), arch, jvm[0] if jvm else "no libjvm.so", len(manifest["layers"]),
      sum(layer["size"] for layer in manifest["layers"]) / 1e6)


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("archive")
  parser.add_argument("--platforms", default="linux/amd64,linux/arm64")
  args = parser.parse_args()
  archive = Archive(args.archive)
  found = dict(archive.manifests())
  wanted = args.platforms.split(",")
  failed = False
  if sorted(found) != sorted(wanted):
    print("check: the archive holds %s, wanted %s" % (sorted(found), sorted(wanted)))
    failed = True
  for platform in wanted:
    if platform not in found:
      continue
    problems, summary = check_platform(archive, platform, found[platform])
    print("check: " + summary)
    for problem in problems:
      print("check: %s: %s" % (platform, problem))
    failed = failed or bool(problems)
  return 1 if failed else 0


if __name__ == "__main__":
  sys.exit(main())
