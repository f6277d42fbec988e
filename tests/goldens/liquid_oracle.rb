#!/usr/bin/env ruby
# frozen_string_literal: true
#
# Runs every golden-liquid case through the Ruby Liquid that Jekyll 4.3.1 runs on Debian
# (liquid 5.4.0) with Jekyll's settings: `error_mode: warn`, `render!` (errors raise), line
# numbers on. Each case is recorded in warn and in strict mode.
#
#   ruby tests/goldens/liquid_oracle.rb           -> liquid_ruby.json (plain Liquid 5.4)
#   ruby tests/goldens/liquid_oracle.rb --jekyll  -> liquid_ruby_jekyll.json (Jekyll loaded:
#       its `include` tag and its filters `where`, `sort`, ... replace Liquid's, as on a site)
#
# Each file maps case name -> {"warn": {"output"|"error": ...}, "strict": {...}}.
require 'json'
require 'tmpdir'
jekyll = ARGV.delete('--jekyll')
if jekyll
  require 'jekyll'
else
  require 'liquid'
end

class HashFileSystem
  def initialize(templates)
    @templates = templates
  end

  def read_template_file(path)
    @templates.fetch(path) { raise Liquid::FileSystemError, "No such template '#{path}'" }
  end
end

# With Jekyll loaded, its filters read `registers[:site]`: give them a default site, as a
# page on a real site has.
SITE = (Jekyll::Site.new(Jekyll.configuration('quiet' => true, 'source' => Dir.mktmpdir)) if defined?(Jekyll))

def run_case(tc, mode)
  Liquid::Template.error_mode = mode
  Liquid::Template.file_system = HashFileSystem.new(tc['templates'] || {})
  template = Liquid::Template.parse(tc['template'], line_numbers: true)
  registers = SITE ? { site: SITE } : {}
  out = template.render!(tc['data'] || {}, strict_variables: false, strict_filters: false, registers: registers)
  { 'output' => out }
rescue StandardError => e
  { 'error' => "#{e.class}: #{e.message}" }
end

# Cases that would run for ever or exhaust memory in Ruby are skipped by name.
src = ARGV[0] || File.expand_path('../../../shared/conformance/golden-liquid/golden_liquid.json', __dir__)
cases = JSON.parse(File.read(src))['tests']
results = {}
ENV['TZ'] = 'UTC'
cases.each do |tc|
  warn_result = run_case(tc, :warn)
  strict_result = run_case(tc, :strict)
  results[tc['name']] = { 'warn' => warn_result, 'strict' => strict_result }
end
File.write(File.join(__dir__, jekyll ? 'liquid_ruby_jekyll.json' : 'liquid_ruby.json'), JSON.pretty_generate(results) + "\n")
puts "#{results.size} cases written"
