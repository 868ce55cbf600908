// Package imaging keeps the bytes ironbase boots: a content-addressed blob
// store, image manifests and their digests, squashfs and GPT disk building
// (go-diskfs), and garbage collection.
//
// # On-disk layout
//
//	ROOT/blobs/sha256/ab/ab12…(64 hex)   one immutable file (mode 0444) per blob
//	ROOT/tmp/ingest-*                     ingests in flight, or leftovers of crashed ones
//
// A blob's name is the sha256 of its bytes. The fan-out directory is the
// first two hex digits: 256 directories, so a store of a million blobs
// keeps about 4000 entries per directory. ROOT/tmp lives on the same file
// system as ROOT/blobs so that a rename moves a finished file into place.
//
// # Crash safety
//
// Ingest writes the bytes to a new file in ROOT/tmp while hashing them,
// fsyncs the file, renames it to its blob name and fsyncs the fan-out
// directory (and, the first time, the directory above it). rename(2) is
// atomic, so a blob name either does not exist or names a complete,
// fsynced file whose bytes hash to the name: no reader, and no process
// after a crash, ever sees a partial blob. Ingesting content that already
// exists renames an identical file over it: still one copy, and a copy that
// rotted is healed. A crash, a failed read, a digest mismatch or a full disk
// at any point leaves at most a file in ROOT/tmp, which the failing Ingest
// removes itself when it can and GC or CleanTemp removes otherwise.
//
// What a blob is for lives in the catalog, not here. GC removes every blob
// outside a set of referenced digests the caller computes, and refuses to
// run with a malformed digest in that set; GCOptions.Before keeps blobs and
// temp files younger than a grace period, for imports that have stored
// their blobs but not yet recorded the image.
//
// # Manifests
//
// A Manifest names an image's artifacts (kernel, initrd, optional rootfs,
// layers, checks) by blob digest. Its id is the sha256 of its canonical
// JSON (sorted keys, no insignificant whitespace); see Manifest.Canonical.
package imaging
