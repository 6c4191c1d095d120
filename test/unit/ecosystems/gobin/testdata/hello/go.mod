module example.com/hello

go 1.19

require (
	example.com/greet v1.2.3
	example.com/pseudo v1.2.4-0.20200102030405-abcdefabcdef
	example.com/quote v1.5.2
)

replace example.com/greet => ../greet
