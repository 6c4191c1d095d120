package main

import (
	"example.com/greet"
	"example.com/pseudo"
	"example.com/quote"
)

func main() { println(greet.Hello(), quote.Go(), pseudo.Name) }
