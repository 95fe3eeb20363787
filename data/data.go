// Package data embeds the gazetteer so that a seckg binary carries its
// real-world facts wherever it is copied. The sample corpus, the gold sets
// and their variants sit beside it as plain files for make run, eval and
// tests.
package data

import "embed"

// Gazetteer holds gazetteer/*.tsv, in the format of gazetteer/README.md.
//
//go:embed gazetteer/*.tsv
var Gazetteer embed.FS
