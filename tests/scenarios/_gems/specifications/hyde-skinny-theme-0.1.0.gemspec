# A hand-made spec for a fake theme gem used by the scenario fixtures (no Ruby code).
Gem::Specification.new do |s|
  s.name     = "hyde-skinny-theme"
  s.version  = "0.1.0"
  s.licenses = ["MIT"]
  s.summary  = "A theme with only layouts"
  s.authors  = ["hyde"]
  s.files    = []
end
