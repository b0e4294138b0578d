// The page showing a new token's secret answered the POST that made it. Reloading it
// would make another token; make a reload ask for the page again instead, which lists
// the token without its secret.
if (document.querySelector("[data-secret]")) {
  history.replaceState(null, "", location.href);
}
