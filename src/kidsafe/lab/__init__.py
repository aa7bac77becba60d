"""kidsafe.lab"""
