// Write-then-rename, so a reader (or a crash) never sees half a file: the target keeps its old bytes until the new
// ones are complete on disk. The temp file is fsync'd before the rename and the folder after it, so a power cut right
// after a write cannot leave an empty or old file where a completed write was reported.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** A temp name of its own per write, so two processes writing the same file never share a temp file. */
function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
}

export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const tmp = tempNameFor(file);
  try {
    fs.writeFileSync(tmp, data);
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const dfd = fs.openSync(path.dirname(file), 'r');
    try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
  } catch {
    // As in syncDir below: not every platform can sync a folder, and the file is in place already.
  }
}

/**
 * The durable write for the researcher's own file (the taxonomy): temp file, fsync, rename, fsync of the folder where
 * the platform allows it. Goes through fs/promises so the extension host thread never waits on the disk.
 */
export async function writeFileDurable(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempNameFor(file);
  try {
    await fsp.writeFile(tmp, data);
    const fh = await fsp.open(tmp, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDir(path.dirname(file));
}

async function syncDir(dir: string): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, 'r');
    await fh.sync();
  } catch {
    // Folders cannot be opened for fsync on Windows (EPERM/EISDIR) and some file systems refuse it (EINVAL). The new
    // file is in place by now, so reporting the write as failed would be false: it costs durability, not the write.
  } finally {
    await fh?.close();
  }
}
