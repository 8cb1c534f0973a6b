// Package uberiket speaks NVDB API Les Uberiket v1, the raw ("uberiket":
// not enriched) side of NVDB API Les: road objects and road network as
// NVDB stores them, NDJSON streams for bulk copies, and hendelser, the
// change log that keeps a copy up to date.
//
// Uberiket lives on the same host as NVDB API Les v4
// (https://nvdbapiles.atlas.vegvesen.no, under /uberiket/api/v1) and
// shares its rules: every request names its client in X-Client, and one
// client may send at most 40 requests per second, counted across Les v4
// and Uberiket together. Data is licensed under NLOD.
//
//	u, err := uberiket.NewClient("my-app")                       // X-Client; 39 requests/s by default
//	for o, err := range u.Vegobjekter.Stream(ctx, 105, nil) { … } // every active speed limit, ranges read at once
//	err = u.Sync(ctx, 105, store, nil)                            // keep a store equal to NVDB
//
// # Sharing the 40 requests per second
//
// NVDB counts the requests of one X-Client across Les v4 and Uberiket, so
// a program with an nvdb client and an uberiket client under one name
// gives them one limiter: create the uberiket client first and hand its
// Limiter to the nvdb client (nvdb.WithLimiter(u.Limiter())), or pass one
// rate.Limiter to both WithLimiter options. Processes that share a name
// share a limiter through redisstore.
//
// # Streams
//
// Vegobjekter.Stream, Veglenkesekvenser.Stream and Veglenker.Stream read
// NDJSON answers of up to 10 000 objects as they arrive, with bounded
// memory, each continued after the last id it read. Without ids a stream
// reads the id space as several ranges at once (StreamQuery.Parallel,
// default 8), so NVDB's answer time rather than one request after the
// other bounds a copy: the first range is read from the start; once its
// first answer is full, requests for one object after each power of two
// bound the id space and find its empty stretches, and what is left is
// cut into as many parts as there are readers. Whenever a reader is free,
// the range with the most objects left (by the density its reader found
// in its last answer) is cut again, each part beginning where the one
// before ends, since start means "after this id". An answer that breaks
// off mid-line is asked again after its last whole object, within the
// retry budget; every object is yielded once. StreamChunks hands over the
// same objects in chunks, each with the ranges still to read
// (Chunk.Remaining), so a stream can stop and go on with
// StreamQuery.Ranges.
//
// # Sync
//
// Client.Sync keeps a Store equal to NVDB for one type, as NVDB's own
// TN-ITS tool does: it notes the last hendelse, copies the type from the
// streams, then reads the hendelser since and reads the objects they name
// again. Every step is a Batch the store applies at once with its
// Position, so a sync interrupted anywhere continues where it stopped. A
// position older than NVDB keeps hendelser for is copied anew; the
// batches of that copy name the id ranges they cover (Batch.Replace), and
// the store drops what it held there that NVDB no longer has.
// NewFileStore keeps a copy in a directory (a log per type, every batch
// one checksummed record synced to disk); NewMemoryStore keeps one in
// memory.
//
// # What it serves
//
// A Vegobjekt here is one version of an object with only what NVDB keeps:
// id, versjon, typeId, gyldighetsperiode (when the version is valid),
// egenskaper keyed by egenskapstype id, children, a stedfesting on
// veglenkesekvenser, and sistEndret. Geometry, road references and areas,
// which Les v4 derives, are not there; the road network they derive from
// is (Veglenkesekvens, Veglenke, Node).
//
// The streams (/vegobjekter/{typeId}/stream, /vegnett/veglenkesekvenser/stream,
// /vegnett/veglenker/stream, /hendelser/.../stream) answer NDJSON, one
// object per line, up to 10 000 per request, in id order after the id
// given as start: the active objects of a type are read by asking again
// after the last id seen. The pages (/vegobjekter/{typeId},
// /vegnett/noder, /hendelser/...) hold up to 1000 items and point to the
// next page with metadata.neste.start.
//
// Hendelser are numbered by an id that grows across all types. For a
// type, /hendelser/vegobjekter/{typeId} lists them after a hendelse id,
// and /hendelser/vegobjekter/{typeId}/siste?tidspunkt= gives the last one
// at or before a time. Every change is one or more hendelser, each about
// one version: VegobjektVersjonOpprettet (a new object at versjon 1, or a
// new version), VegobjektVersjonEndret (a version changed in place: a
// correction, or a sluttdato that closes it), VegobjektVersjonFjernet (a
// version removed; with the last one the object is gone) and
// VegobjektImportert (the object as it stood when the log began). NVDB's
// own tools treat a hendelse as "this object changed" and read the object
// again; an object whose newest version has closed is no longer active.
//
// # Models
//
// Egenskap and Stedfesting are tagged unions: Egenskap's typed accessors
// (Tekst, Heltall, EnumID, Dato ...) answer for their own type and report
// "not there" otherwise, also on nil, so
//
//	fart, ok := obj.Egenskap(2021).EnumID() // 2730 is 50 km/h
//
// needs no checks. Every model is written back in NVDB's own JSON (the
// same members, numbers and timestamps as it came), so a store can keep
// egenskaper and stedfesting as NVDB gave them; types this package does
// not know are kept as raw JSON rather than lost. Decoding is strict: an
// answer without a member the specification requires is an error, not a
// zero value. The one exception is kjorefelt of a stedfesting, which the
// specification requires but NVDB leaves out when there are no lanes.
//
// # Stores
//
// A Store keeps the active objects of a type and its Position: the last
// hendelse it reflects and, during a backfill, the id ranges still to
// copy. Each Batch (objects, removals, position) is applied atomically, so
// a copy interrupted anywhere continues from its position.
package uberiket
