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

// pageWords name the parts of a web page around an article (photo
// captions, galleries, videos, advertisements) that scrapers keep in the
// text: "Hide Caption 9 of 24 Photos", "FILE PHOTO", "View Gallery".
var pageWords = map[string]bool{
	"caption": true, "captions": true, "hide": true, "show": true, "photos": true, "photo": true,
	"gallery": true, "image": true, "images": true, "credit": true, "video": true, "videos": true,
	"advertisement": true, "slideshow": true, "view": true, "expand": true, "file": true, "continue": true,
}

// namePageWords are the page words that also stand in names and titles
// and in plain sentences capitalised where they start ("The Daily Show",
// "The View", "FILE", "Continue reading").
var namePageWords = map[string]bool{"show": true, "view": true, "file": true, "continue": true}

// IsPageWord reports whether lower, a lower-case word, names a part of a
// web page (caption, photos, gallery, video, hide, show, view, …). Use it
// when every word of a phrase must be one: a name made only of page words
// ("View Gallery", "Show Caption", "FILE PHOTO") is page furniture.
func IsPageWord(lower string) bool { return pageWords[lower] }

// IsPageLabel is the stricter IsPageWord: it reports whether lower, a
// lower-case word, is a page word that marks any phrase it stands in as
// page furniture, that is a page word other than show, view, file and
// continue, which also stand in names and sentences. Use it when one word
// of a longer phrase decides: "Hide Caption 9 of 24 Photos",
// "Advertisement Continue" are page furniture, "The Daily Show" is not.
func IsPageLabel(lower string) bool { return pageWords[lower] && !namePageWords[lower] }
