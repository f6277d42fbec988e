# A hand-made spec for a fake theme gem used by the scenario fixtures (no Ruby code): its
# runtime dependencies are plugins Jekyll requires along with the theme.
Gem::Specification.new do |s|
  s.name     = "hyde-plugged-theme"
  s.version  = "0.1.0"
  s.licenses = ["MIT"]
  s.summary  = "A theme that depends on plugins"
  s.authors  = ["hyde"]
  s.files    = []
  s.add_runtime_dependency "jekyll", ">= 3.5"
  s.add_runtime_dependency "jekyll-feed"
  s.add_runtime_dependency %q<jekyll-seo-tag>.freeze
  s.add_development_dependency "jekyll-sitemap"
end
