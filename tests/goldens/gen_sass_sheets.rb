#!/usr/bin/env ruby
# frozen_string_literal: true
# Compiles each stylesheet tests/fixtures/sass/sheets/*.scss (partials in its subfolders)
# with Debian's ruby-sassc 2.4 over libsass 3.6.5, the compiler of Jekyll 4.3.1's
# jekyll-sass-converter, in the four output styles, and writes
# tests/goldens/sass_sheets/NAME.STYLE.css, and the `mappings` of the source map libsass
# makes as NAME.STYLE.mappings.
# src/sass/scss/expand.rs checks hyde's evaluator against them.
require 'fileutils'
require 'json'
require 'sassc'

dir = File.join(__dir__, '../fixtures/sass/sheets')
out = File.join(__dir__, 'sass_sheets')
FileUtils.mkdir_p(out)
Dir[File.join(dir, '*.scss')].sort.each do |path|
  name = File.basename(path, '.scss')
  %i[nested expanded compact compressed].each do |style|
    css = SassC::Engine.new(File.read(path), style: style, filename: path,
                                             load_paths: [dir]).render
    File.write(File.join(out, "#{name}.#{style}.css"), css)
    engine = SassC::Engine.new(File.read(path), style: style, filename: path,
                                                load_paths: [dir],
                                                source_map_file: "#{name}.css.map",
                                                omit_source_map_url: true)
    engine.render
    mappings = JSON.parse(engine.source_map)['mappings']
    File.write(File.join(out, "#{name}.#{style}.mappings"), "#{mappings}\n")
  end
end
