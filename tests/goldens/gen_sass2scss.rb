#!/usr/bin/env ruby
# frozen_string_literal: true
# Builds each indented-syntax stylesheet tests/fixtures/sass/indented/*.sass (partials in its
# _sass folder) as a page of a Jekyll 4.3.1 site (Debian's jekyll: jekyll-sass-converter over
# sassc 2.4 / libsass 3.6.5) with a source map, and writes tests/goldens/sass2scss.json:
# for each page, the map's `sourcesContent` keyed by its `sources` (libsass lists the text
# its sass2scss converter made of each .sass file), the CSS (without the sourceMappingURL
# comment) and the map's `mappings`. src/sass/sass2scss.rs checks hyde against them.
require 'fileutils'
require 'json'
require 'yaml'
require 'tmpdir'

dir = File.expand_path('../fixtures/sass/indented', __dir__)
out = File.expand_path('sass2scss.json', __dir__)
pages = Dir[File.join(dir, '*.sass')].sort
goldens = {}
Dir.mktmpdir do |site|
  FileUtils.cp_r(File.join(dir, '_sass'), site)
  pages.each do |path|
    # Binary reads keep CRLF line endings as written.
    File.binwrite(File.join(site, File.basename(path)), "---\n---\n#{File.binread(path)}")
  end
  config = { 'sass' => { 'style' => 'expanded', 'sourcemap' => 'always' } }
  File.write(File.join(site, '_config.yml'), config.to_yaml)
  env = { 'JEKYLL_NO_BUNDLER_REQUIRE' => 'true' }
  system(env, 'jekyll', 'build', '--quiet', '--disable-disk-cache', '-s', site, '-d', File.join(site, '_site'),
         exception: true)
  pages.each do |path|
    name = File.basename(path, '.sass')
    css = File.read(File.join(site, '_site', "#{name}.css"))
    css = css.sub(%r{\n/\*# sourceMappingURL=#{name}\.css\.map \*/\z}, '')
    map = JSON.parse(File.read(File.join(site, '_site', "#{name}.css.map")))
    goldens[name] = { 'css' => css, 'mappings' => map['mappings'],
                    'sources' => map['sources'].zip(map['sourcesContent']).to_h }
  end
end
File.write(out, "#{JSON.pretty_generate(goldens)}\n")
