#!/usr/bin/env ruby
# frozen_string_literal: true
# Builds each stylesheet tests/fixtures/sass/sheets/*.scss (partials in its subfolders) as a
# page of a Jekyll 4.3.1 site (Debian's jekyll, whose jekyll-sass-converter compiles with
# sassc 2.4 over libsass 3.6.5), once per output style with a source map, and writes
# tests/goldens/sass_sheets/NAME.STYLE.css (without the sourceMappingURL comment) and the
# map's `mappings` as NAME.STYLE.mappings. src/sass/scss/expand.rs checks hyde's evaluator
# against them.
require 'fileutils'
require 'json'
require 'yaml'
require 'tmpdir'

dir = File.expand_path('../fixtures/sass/sheets', __dir__)
out = File.expand_path('sass_sheets', __dir__)
FileUtils.mkdir_p(out)
sheets = Dir[File.join(dir, '*.scss')].sort
%w[nested expanded compact compressed].each do |style|
  Dir.mktmpdir do |site|
    # Imports resolve from the site's root, where the partials' folders are copied.
    Dir[File.join(dir, '*')].each do |entry|
      FileUtils.cp_r(entry, site) if File.directory?(entry)
    end
    sheets.each do |path|
      File.write(File.join(site, File.basename(path)), "---\n---\n#{File.read(path)}")
    end
    File.write(File.join(site, '_config.yml'), { 'sass' => { 'style' => style, 'sourcemap' => 'always' } }.to_yaml)
    env = { 'JEKYLL_NO_BUNDLER_REQUIRE' => 'true' }
    system(env, 'jekyll', 'build', '--quiet', '--disable-disk-cache', '-s', site, '-d', File.join(site, '_site'),
           exception: true)
    sheets.each do |path|
      name = File.basename(path, '.scss')
      css = File.read(File.join(site, '_site', "#{name}.css"))
      css = css.sub(%r{\n/\*# sourceMappingURL=#{name}\.css\.map \*/\z}, "")
      File.write(File.join(out, "#{name}.#{style}.css"), css)
      map = JSON.parse(File.read(File.join(site, '_site', "#{name}.css.map")))
      File.write(File.join(out, "#{name}.#{style}.mappings"), "#{map['mappings']}\n")
    end
  end
end
