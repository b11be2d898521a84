// Package uitest drives the newsfind web UI in headless Chromium (via
// chromedp) against a real server on an in-memory index of the fixture
// articles in testdata. It has no code of its own, only tests; they skip when
// no Chromium is installed, unless CI=true, where that is a failure.
//
//	go test ./server/ui/uitest/
//	NEWSFIND_SCREENSHOTS=docs/screenshots go test ./server/ui/uitest/
package uitest
