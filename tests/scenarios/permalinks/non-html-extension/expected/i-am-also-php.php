<p>I am also PHP</p>
