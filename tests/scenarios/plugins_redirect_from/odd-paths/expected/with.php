<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="/p.html">
  <script>location="/p.html"</script>
  <meta http-equiv="refresh" content="0; url=/p.html">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="/p.html">Click here if you are not redirected.</a>
</html>
