"""Comparative analysis of meetings on criminal-justice cooperation against migrant smuggling."""
