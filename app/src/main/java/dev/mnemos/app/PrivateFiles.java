package dev.mnemos.app;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Folders and files of the data folder, readable by the server's user alone: metadata is often
 * confidential, and the process umask (often 022) would let every local user read it. SQLite gives
 * its -wal and -shm files the database file's mode, and the search index lives inside the folder.
 */
final class PrivateFiles {

  private PrivateFiles() {}

  /** {@code folder} and its missing parents, created mode 0700. */
  static Path folder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Path parent = folder.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        Files.createDirectory(
            folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // Made meanwhile by another process: its mode is its own.
      }
    }
    return folder;
  }

  /** {@code file}, created empty with mode 0600 unless it exists. */
  static Path file(Path file) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // An existing database keeps the mode its owner gave it.
    }
    return file;
  }
}
