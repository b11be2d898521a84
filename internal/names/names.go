// Package names holds word lists about proper names that more than one
// extraction stage needs, so that entity resolution and quote attribution
// read a name the same way.
package names

// legalForms end company names ("Acme Widgets Inc"). Text wrapped at a
// fixed width may break a name before one ("General Systems Research\nInc"),
// leaving it alone on a line, where it names nothing by itself.
var legalForms = map[string]bool{
	"inc": true, "inc.": true, "ltd": true, "ltd.": true, "corp": true, "corp.": true,
	"co": true, "co.": true, "plc": true, "llc": true, "gmbh": true, "pty": true,
}

// IsLegalForm reports whether lower, a lower-case word, is a company's legal
// form (inc, ltd, corp, co, plc, llc, gmbh, pty, with or without a period).
func IsLegalForm(lower string) bool { return legalForms[lower] }
