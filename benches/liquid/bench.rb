#!/usr/bin/env ruby
# frozen_string_literal: true
# Ruby Liquid 5.4 (Debian's, what Jekyll 4.3.1 runs) on the same template and data as
# benches/liquid.rs. Partials are parsed once and cached across renders, as Jekyll does.
require 'json'
require 'liquid'

dir = __dir__
data = JSON.parse(File.read(File.join(dir, 'data.json')))
layout = File.read(File.join(dir, 'layout.liquid'))

class DirFileSystem
  def initialize(dir)
    @dir = dir
  end

  def read_template_file(name)
    File.read(File.join(@dir, "#{name}.liquid"))
  end
end
Liquid::Template.file_system = DirFileSystem.new(File.join(dir, 'includes'))

def median(v)
  v.sort[v.size / 2]
end

runs = (ENV['RUNS'] || 50).to_i
parse_times = []
template = nil
runs.times do
  t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  template = Liquid::Template.parse(layout)
  parse_times << (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
end
cache = {}
render_times = []
out = nil
# `increment` writes into the data hash, so each render gets its own copy (made untimed), and
# assigns are cleared before each render, as Jekyll's LiquidRenderer::File does.
copies = Array.new(runs) { Marshal.load(Marshal.dump(data)) }
runs.times do |i|
  template.instance_assigns.clear
  t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  out = template.render!(copies[i], registers: { cached_partials: cache })
  render_times << (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
end
File.write(ENV['OUT'], out) if ENV['OUT']
printf("ruby liquid %s: parse %.3f ms, render %.3f ms (%d bytes)\n", Liquid::VERSION, median(parse_times),
       median(render_times), out.bytesize)
