"""kidsafe.family"""
